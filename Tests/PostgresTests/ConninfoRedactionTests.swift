import Postgres
import TestSupport
import Testing

@Suite("Postgres: connection strings shown without their password")
struct ConninfoRedactionTests {
    @Test(arguments: PasswordForm.all)
    func theDisplayFormNeverHoldsThePassword(_ form: PasswordForm) {
        let shown = Conninfo.redacted(form.conninfo)
        #expect((shown != nil) == form.parses, "libpq parses it: \(form.parses)")
        if let shown {
            #expect(form.leak(in: shown) == nil, "\(shown)")
        }
    }

    @Test(arguments: PasswordForm.all)
    func theFormToRunAgainLeavesThePasswordOut(_ form: PasswordForm) {
        let shown = Conninfo.withoutPasswords(form.conninfo)
        if !form.parses { #expect(shown == nil) }
        if let shown {
            #expect(form.leak(in: shown) == nil, "\(shown)")
            #expect(!shown.contains("password"), "\(shown)")
            // What is left is libpq's reading of the same place, password aside.
            let reread = Conninfo.parse(shown)?.map { "\($0.keyword)=\($0.value)" }
            let original = Conninfo.parse(form.conninfo)?.filter { !$0.isSecret }.map { "\($0.keyword)=\($0.value)" }
            #expect(reread.map(Set.init) == original.map(Set.init), "\(shown)")
        }
    }

    @Test func theFormToRunAgainIsLibpqsReadingWithoutThePassword() {
        #expect(
            Conninfo.withoutPasswords("postgresql://ana:s3cr%40t@db.example.org:5432/claims?sslmode=require")
                == "host=db.example.org port=5432 dbname=claims user=ana sslmode=require")
        #expect(
            Conninfo.withoutPasswords("host='/var/run/my claims' dbname=claims password=x")
                == "host='/var/run/my claims' dbname=claims")
        // libpq read the meant password as the host: nothing of it can be shown.
        #expect(Conninfo.withoutPasswords("postgresql://ana:pa/ss@db/claims") == nil)
    }

    @Test(arguments: PasswordForm.all.filter(\.parses))
    func libpqsConnectionFailureIsScrubbed(_ form: PasswordForm) {
        let error = #expect(throws: PostgresError.self) { _ = try Connection(conninfo: form.conninfo) }
        #expect(error?.kind == .connectionFailed)
        let message = error?.description ?? ""
        #expect(form.leak(in: message) == nil, "\(message)")
    }

    @Test(arguments: PasswordForm.all.filter { !$0.parses })
    func aStringLibpqCannotParseIsRefusedWithoutRepeatingIt(_ form: PasswordForm) {
        let error = #expect(throws: PostgresError.self) { _ = try Connection(conninfo: form.conninfo) }
        #expect(error?.kind == .invalidConnectionString)
        #expect(error?.message == Conninfo.unparseableMessage)
    }

    @Test func theDisplayFormIsLibpqsReading() {
        #expect(
            Conninfo.redacted("postgresql://ana:s3cr%40t@db.example.org:5432/claims?sslmode=require")
                == "host=db.example.org port=5432 dbname=claims user=ana password=*** sslmode=require")
        #expect(
            Conninfo.redacted("host=db user=ana password='it\\'s s3cret' dbname=claims")
                == "host=db dbname=claims user=ana password=***")
        #expect(
            Conninfo.redacted("host='/var/run/my claims' dbname=claims") == "host='/var/run/my claims' dbname=claims")
        // libpq keeps the last of a repeated key, and the display hides both.
        #expect(Conninfo.redacted("password=first password=second host=db") == "host=db password=***")
        #expect(Conninfo.redacted("POSTGRESQL://ana:s3cret@db/claims") == nil)
    }

    @Test func aMisreadPasswordIsHiddenWhereverLibpqPutIt() {
        // libpq reads "ana:pa/ss@db" as host "ana", port "pa", and the rest as the database.
        let shown = Conninfo.redacted("postgresql://ana:pa55/w0rd@db/claims")
        #expect(shown == "host=ana port=*** dbname=***")
        let message = Conninfo.scrub(
            #"invalid integer value "pa55" for connection option "port""#,
            secrets: Conninfo.secrets(in: "postgresql://ana:pa55/w0rd@db/claims"))
        #expect(message == #"invalid integer value "***" for connection option "port""#)
    }
}
