import LocalServer
import Testing

@Suite("Choosing the database")
struct DatabaseLocationTests {
    @Test func optionThenDatabaseURLThenPGVariablesThenLocal() {
        let env = ["DATABASE_URL": "postgresql://env/db", "PGHOST": "pg", "CLAIMS_HOME": "/srv/claims"]
        #expect(
            DatabaseLocation.resolve(option: "postgresql://opt/db", environment: env)
                == .configured(conninfo: "postgresql://opt/db", origin: "--database"))
        #expect(
            DatabaseLocation.resolve(option: nil, environment: env)
                == .configured(conninfo: "postgresql://env/db", origin: "DATABASE_URL"))
        #expect(DatabaseLocation.resolve(option: nil, environment: ["PGSERVICE": "claims"]) == .libpqEnvironment)
        #expect(
            DatabaseLocation.resolve(option: nil, environment: ["PGUSER": "x", "CLAIMS_HOME": "/srv/claims"])
                == .local(home: "/srv/claims"))
    }

    @Test func passwordsAreRedactedInEveryForm() {
        #expect(
            DatabaseLocation.redact("postgresql://ana:s3cret@db.example.org:5432/claims")
                == "host=db.example.org port=5432 dbname=claims user=ana password=***")
        #expect(
            DatabaseLocation.redact("postgres://db.example.org/claims?user=ana&password=s3cret&sslmode=require")
                == "host=db.example.org dbname=claims user=ana password=*** sslmode=require")
        #expect(
            DatabaseLocation.redact("host=db user=ana password='it\\'s s3cret' dbname=claims").contains("s3cret")
                == false)
        #expect(
            DatabaseLocation.redact("host=db password=s3cret dbname=claims") == "host=db dbname=claims password=***")
        // A string libpq cannot parse is not shown at all.
        #expect(
            DatabaseLocation.redact("POSTGRESQL://ana:s3cret@db/claims") == "(a connection string libpq cannot parse)")
        #expect(
            DatabaseLocation.configured(conninfo: "mysql://ana:s3cret@db/x", origin: "DATABASE_URL").displayName
                == "the connection string from DATABASE_URL, which libpq cannot parse")
    }
}
