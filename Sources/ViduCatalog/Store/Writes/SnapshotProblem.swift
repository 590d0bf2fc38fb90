/// What made a fetched snapshot inconsistent (another total, an ID on two pages, a count short of
/// `total`): the catalog shifted during the fetch, which is worth fetching again, and the evidence
/// for the error when it keeps happening.
struct SnapshotProblem: Error, CustomStringConvertible {
    var description: String
}
