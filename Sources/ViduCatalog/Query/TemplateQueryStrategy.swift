/// How the compiled statement finds its rows.
///
/// SQLite's planner answers a filtered, sorted, limited list by fetching every match through the
/// filter's index and sorting them, even when a filter matches half the catalog and walking the sort
/// index would stop after a few dozen rows. So the query library decides, from bounded counts:
/// drive from the most selective filter when it matches few rows, else walk the sort order.
public enum TemplateQueryStrategy: Sendable, Hashable {
    /// Every filter is offered to SQLite's planner as it is.
    case sqliteChooses
    /// SQLite finds the rows through the index of the filter at this position and sorts them.
    case drive(Int)
    /// SQLite walks an index in the sort order, checking each row and stopping at the limit: the
    /// index of the filter at this position when it keeps the sort order, else the sort's own index.
    case walk(along: Int?)

    /// How far each filter's matches are counted before the choice is clear.
    ///
    /// For one filter matching `c` of `n` rows, walking visits about `limit * n / c` rows and driving
    /// visits `c`: walking wins once `c > sqrt(limit * n)`, so counting to that bound settles the
    /// choice while keeping each count to about a thousand index steps.
    public static func countCap(catalogSize: Int, limit: Int?) -> Int {
        guard let limit else { return 1 }
        let bound = (Double(max(limit, 1)) * Double(max(catalogSize, 1))).squareRoot()
        return min(max(Int(bound), 100), max(catalogSize, 1))
    }

    /// Chooses a strategy from each filter's match count (capped at ``countCap(catalogSize:limit:)``) and the catalog size.
    ///
    /// When every filter reaches the cap, all are broad and walking wins. Otherwise walking visits about
    /// `limit / density` rows (the product of the filters' densities, a capped count standing for its
    /// lower bound) and driving visits the smallest filter's matches and sorts them.
    ///
    /// `keepingOrder` lists the filters whose index keeps the sort order: walking the narrowest of
    /// them beats walking the whole sort index.
    public static func choose(
        matchCounts: [Int], keepingOrder: Set<Int> = [], catalogSize: Int, limit: Int?
    ) -> TemplateQueryStrategy {
        guard let smallest = matchCounts.indices.min(by: { matchCounts[$0] < matchCounts[$1] }) else {
            return .sqliteChooses
        }
        guard let limit, catalogSize > 0 else { return .drive(smallest) }
        let along = keepingOrder.min { (matchCounts[$0], $0) < (matchCounts[$1], $1) }
        if keepingOrder.contains(smallest) { return .walk(along: smallest) }
        let cap = countCap(catalogSize: catalogSize, limit: limit)
        if matchCounts.allSatisfy({ $0 >= cap }) { return .walk(along: along) }
        let density = matchCounts.reduce(1.0) { $0 * min(1, Double(max($1, 0)) / Double(catalogSize)) }
        let walkCost = density > 0 ? Double(limit) / density : .infinity
        return walkCost < Double(matchCounts[smallest]) ? .walk(along: along) : .drive(smallest)
    }
}
