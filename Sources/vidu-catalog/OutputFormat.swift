import ArgumentParser

/// Output formats of `list`.
enum ListFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, jsonl, csv
}

/// Output formats of `show` and `status`.
enum DetailFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}
