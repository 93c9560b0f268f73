// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ClaimTracker",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "claims", targets: ["claims"]),
        .library(name: "ClaimStore", targets: ["ClaimStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Logic-less templates for the HTML and Markdown reports, which a desk can replace.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // libpq, the PostgreSQL C client library (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // libxml2's HTML parser (Debian: libxml2-dev), for reading articles.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // OpenBLAS's CBLAS (Debian: libopenblas-dev), for the sentence encoder's matrix products.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),
        // A thin, safe layer over libpq. Knows nothing of claims.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // SHA-256 in plain Swift: the migrations' checksums, at build time and for a migration
        // made at run time (Foundation on Linux has no CryptoKit).
        .target(name: "Checksums"),
        // Turns sql/*.sql into Swift string literals, with their SHA-256, so the binary carries
        // its migrations.
        .executableTarget(name: "embed-sql", dependencies: ["Checksums"], path: "Sources/embed-sql"),
        .plugin(
            name: "EmbedSQLPlugin",
            capability: .buildTool(),
            dependencies: ["embed-sql"]
        ),
        // A claim's vocabulary, shared by extraction and the store: its kind (the CHECK on
        // claims.kind holds the same values) and the facts column's JSON (quantities, dates).
        .target(name: "ClaimSchema"),
        // Check-worthiness scoring: tokenizer, hashed features, logistic regression, training.
        .target(name: "Checkworthiness", plugins: ["EmbedModelPlugin"]),
        // Pure Swift, no database: articles -> sentences -> claims with their facts.
        .target(name: "Extraction", dependencies: ["CLibXML2", "Checkworthiness", "ClaimSchema"]),
        .plugin(
            name: "EmbedModelPlugin",
            capability: .buildTool(),
            dependencies: ["embed-sql"]
        ),
        // Pure Swift over BLAS, no database: WordPiece and the 6-layer BERT sentence encoder
        // (all-MiniLM-L6-v2 weights, fetched by scripts/fetch-sentence-model.sh, never committed).
        // Optimised in debug builds too: its kernels (GELU, softmax, layer norm) run 5-10x slower
        // unoptimised, and the tests encode a few thousand sentences. It costs about 4 s of build.
        .target(
            name: "SentenceModel", dependencies: ["CBLAS", "Checksums"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Report renderers: Markdown, HTML, CSV, JSON, ClaimReview JSON-LD, over the store's
        // ReviewedClaim and status labels. They open no database.
        .target(
            name: "Reports",
            dependencies: ["ClaimStore", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Templates"],
            plugins: ["EmbedTemplatesPlugin"]
        ),
        .plugin(
            name: "EmbedTemplatesPlugin",
            capability: .buildTool(),
            dependencies: ["embed-sql"]
        ),
        // The local PostgreSQL server `claims` runs for itself (initdb, pg_ctl, the lock), and
        // which database a command talks to. Knows nothing of claims.
        .target(name: "LocalServer", dependencies: ["Postgres"]),
        // Schema migrations, queries and the review workflow rules.
        .target(
            name: "ClaimStore",
            dependencies: ["Postgres", "ClaimSchema", "Checksums"],
            plugins: ["EmbedSQLPlugin"]
        ),
        // Extraction to store, the one pipeline `ingest` and `add` share: articles read, their
        // claims extracted, stored in batches; kinds and facts in the store's terms.
        .target(name: "Ingestion", dependencies: ["ClaimSchema", "ClaimStore", "Extraction", "Checkworthiness"]),
        // The command-line interface: one file per subcommand.
        .target(
            name: "ClaimsCLI",
            dependencies: [
                "ClaimSchema", "ClaimStore", "Ingestion", "LocalServer", "Postgres", "Extraction", "Checkworthiness",
                "Reports",
                "SentenceModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "claims", dependencies: ["ClaimsCLI"]),
        // Extraction throughput for scripts/bench.sh.
        .executableTarget(name: "claims-bench", dependencies: ["Extraction", "Checkworthiness"]),
        // Sentence-encoder throughput for scripts/bench.sh.
        .executableTarget(name: "encoder-bench", dependencies: ["SentenceModel"]),
        // Test helpers: a fresh database per test on the server scripts/test.sh starts, copied
        // from a template migrated once per run.
        .target(name: "TestSupport", dependencies: ["Postgres", "ClaimStore"], path: "Tests/TestSupport"),
        .testTarget(name: "CheckworthinessTests", dependencies: ["Checkworthiness"]),
        // Fixtures/ holds the labelled news set the extraction figures are pinned on.
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "ClaimSchema"], exclude: ["Fixtures"]),
        .testTarget(name: "SentenceModelTests", dependencies: ["SentenceModel", "Checksums"], exclude: ["Fixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "CLibXML2", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(
            name: "ClaimStoreTests",
            dependencies: ["ClaimSchema", "ClaimStore", "Postgres", "TestSupport", "Checksums"]),
        .testTarget(name: "LocalServerTests", dependencies: ["LocalServer"]),
        // Reports only to hold the facts writer's escaping (ClaimSchema) to the reports'; neither library imports it.
        .testTarget(
            name: "IngestionTests",
            dependencies: [
                "Ingestion", "ClaimSchema", "ClaimStore", "Extraction", "Checkworthiness", "Postgres", "Reports",
                "TestSupport",
            ]
        ),
        // Golden/ holds the committed extraction outputs and the articles they come from.
        .testTarget(
            name: "ClaimsCLITests",
            dependencies: [
                "ClaimsCLI", "ClaimSchema", "ClaimStore", "Postgres", "TestSupport", "Extraction", "Checkworthiness",
                "claims",
            ],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
