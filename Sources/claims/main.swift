import ClaimsCLI

ClaimsMain.main()
