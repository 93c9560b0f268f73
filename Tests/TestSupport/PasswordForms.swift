/// Connection strings with a password in them, in the forms people write (and
/// mistype), for the tests that no message ever shows a password.
///
/// Every form points at 127.0.0.1 port 1 (or a socket folder that does not exist),
/// so a connection is refused at once. `fragments` are the texts that must never be
/// printed: the password as written, decoded, and the pieces libpq may read as a host,
/// port or database name when the writer forgot to percent-encode it.
public struct PasswordForm: Sendable, CustomStringConvertible {
    public var label: String
    public var conninfo: String
    public var fragments: [String]
    /// Whether libpq can parse it (else: refused as unparseable, exit 2).
    public var parses: Bool
    /// Whether libpq parses it but refuses a setting's value before connecting (bad input,
    /// exit 2): an unencoded `/` in a URL's password leaves the rest read as the port.
    public var refusesASetting: Bool

    public var description: String { label }

    public static let all: [PasswordForm] = [
        .init("URL", "postgresql://alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: true),
        .init("postgres:// scheme", "postgres://alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: true),
        .init(
            "POSTGRESQL:// upper case", "POSTGRESQL://alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"],
            parses: false),
        .init(
            "PostgreSQL:// mixed case", "PostgreSQL://alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"],
            parses: false),
        .init(
            "postgresql:/ one slash", "postgresql:/alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: false),
        .init("postgresql: no slash", "postgresql:alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: false),
        .init(
            "password with ?", "postgresql://alice:S3cret?Pa55@127.0.0.1:1/claims", ["S3cret?Pa55", "S3cret", "Pa55"],
            parses: true),
        .init(
            "password with /", "postgresql://alice:S3cret/Pa55@127.0.0.1:1/claims", ["S3cret/Pa55", "S3cret", "Pa55"],
            parses: true, refusesASetting: true),
        .init(
            "password with @", "postgresql://alice:S3cret@Pa55@127.0.0.1:1/claims", ["S3cret@Pa55", "S3cret", "Pa55"],
            parses: true),
        .init(
            "password with #", "postgresql://alice:S3cret#Pa55@127.0.0.1:1/claims", ["S3cret#Pa55", "S3cret", "Pa55"],
            parses: true),
        .init(
            "password with :", "postgresql://alice:S3cret:Pa55@127.0.0.1:1/claims", ["S3cret:Pa55", "S3cret", "Pa55"],
            parses: true),
        .init(
            "password %-encoded @", "postgresql://alice:S3cret%40Pa55@127.0.0.1:1/claims",
            ["S3cret%40Pa55", "S3cret@Pa55", "S3cret", "Pa55"], parses: true),
        .init(
            "password %-encoded /", "postgresql://alice:S3cret%2FPa55@127.0.0.1:1/claims",
            ["S3cret%2FPa55", "S3cret/Pa55", "S3cret", "Pa55"], parses: true),
        .init(
            "password %-encoded space and UTF-8", "postgresql://alice:S3cret%20P%C3%A455@127.0.0.1:1/claims",
            ["S3cret%20P%C3%A455", "S3cret Pä55", "S3cret", "Pä55"], parses: true),
        .init("empty user", "postgresql://:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: true),
        .init("IPv6 host", "postgresql://alice:S3cretPa55@[::1]:1/claims", ["S3cretPa55"], parses: true),
        .init("[::1 unterminated", "postgresql://alice:S3cretPa55@[::1:1/claims", ["S3cretPa55"], parses: false),
        .init(
            "several hosts", "postgresql://alice:S3cretPa55@127.0.0.1:1,127.0.0.1:2/claims", ["S3cretPa55"],
            parses: true),
        .init(
            "query password=", "postgresql://127.0.0.1:1/claims?user=alice&password=S3cretPa55", ["S3cretPa55"],
            parses: true),
        .init(
            "query password= repeated", "postgresql://127.0.0.1:1/claims?password=Decoy1234&password=S3cretPa55",
            ["S3cretPa55", "Decoy1234"], parses: true),
        .init(
            "query password= %-encoded", "postgresql://127.0.0.1:1/claims?password=S3cret%26Pa55",
            ["S3cret%26Pa55", "S3cret&Pa55", "S3cret", "Pa55"], parses: true),
        .init(
            "query sslpassword=", "postgresql://alice@127.0.0.1:1/claims?sslpassword=S3cretPa55", ["S3cretPa55"],
            parses: true),
        .init(
            "query PASSWORD= upper case", "postgresql://127.0.0.1:1/claims?PASSWORD=S3cretPa55", ["S3cretPa55"],
            parses: false),
        .init(
            "URL with a fragment", "postgresql://alice:S3cretPa55@127.0.0.1:1/claims#frag", ["S3cretPa55"], parses: true
        ),
        .init(
            "key=value", "host=127.0.0.1 port=1 dbname=claims user=alice password=S3cretPa55", ["S3cretPa55"],
            parses: true),
        .init(
            "key=value PASSWORD= upper case", "host=127.0.0.1 port=1 PASSWORD=S3cretPa55", ["S3cretPa55"], parses: false
        ),
        .init(
            "key=value password= repeated", "host=127.0.0.1 port=1 password=Decoy1234 password=S3cretPa55",
            ["S3cretPa55", "Decoy1234"], parses: true),
        .init("key=value spaces around =", "host=127.0.0.1 port=1 password = S3cretPa55", ["S3cretPa55"], parses: true),
        .init(
            "key=value quoted with spaces", "host=127.0.0.1 port=1 password='S3cret Pa55 x'",
            ["S3cret Pa55 x", "S3cret", "Pa55"], parses: true),
        .init(
            "key=value quoted with escaped quote", #"host=127.0.0.1 port=1 password='S3cret\'Pa55'"#,
            ["S3cret'Pa55", #"S3cret\'Pa55"#, "S3cret", "Pa55"], parses: true),
        .init(
            "key=value quoted with backslash", #"host=127.0.0.1 port=1 password='S3cret\\Pa55'"#,
            [#"S3cret\Pa55"#, #"S3cret\\Pa55"#, "S3cret", "Pa55"], parses: true),
        .init(
            "key=value unterminated quote", "host=127.0.0.1 port=1 password='S3cretPa55", ["S3cretPa55"], parses: false),
        .init("key=value missing =", "host=127.0.0.1 port=1 password S3cretPa55", ["S3cretPa55"], parses: false),
        .init("key=value unknown keyword", "host=127.0.0.1 port=1 passwd=S3cretPa55", ["S3cretPa55"], parses: false),
        .init("key=value sslpassword", "host=127.0.0.1 port=1 sslpassword=S3cretPa55", ["S3cretPa55"], parses: true),
        .init(
            "key=value socket folder", "host=/nonexistent/claims-socket dbname=claims password=S3cretPa55",
            ["S3cretPa55"], parses: true),
        .init("mysql:// garbage", "mysql://alice:S3cretPa55@127.0.0.1:1/claims", ["S3cretPa55"], parses: false),
        .init(
            "jdbc: garbage", "jdbc:postgresql://127.0.0.1:1/claims?user=alice&password=S3cretPa55", ["S3cretPa55"],
            parses: false),
    ]

    init(_ label: String, _ conninfo: String, _ fragments: [String], parses: Bool, refusesASetting: Bool = false) {
        self.label = label
        self.conninfo = conninfo
        self.fragments = fragments
        self.parses = parses
        self.refusesASetting = refusesASetting
    }

    /// The first fragment found in `text`, if any.
    public func leak(in text: String) -> String? {
        fragments.first { text.contains($0) }
    }
}
