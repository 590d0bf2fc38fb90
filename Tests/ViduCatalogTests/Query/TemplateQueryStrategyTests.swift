import Testing
import ViduCatalog

@Suite struct TemplateQueryStrategyTests {
    let size = 100_000
    var cap: Int { TemplateQueryStrategy.countCap(catalogSize: size, limit: 20) }

    @Test func noFiltersLeaveTheChoiceToSQLite() {
        #expect(TemplateQueryStrategy.choose(matchCounts: [], catalogSize: size, limit: 20) == .sqliteChooses)
    }

    @Test func withoutALimitItDrivesFromTheMostSelectiveFilter() {
        #expect(TemplateQueryStrategy.choose(matchCounts: [500, 40, 900], catalogSize: size, limit: nil) == .drive(1))
    }

    @Test func broadFiltersWalkTheSortOrder() {
        #expect(TemplateQueryStrategy.choose(matchCounts: [cap], catalogSize: size, limit: 20) == .walk(along: nil))
        #expect(
            TemplateQueryStrategy.choose(matchCounts: [cap, cap, cap], catalogSize: size, limit: 20)
                == .walk(along: nil))
    }

    @Test func aNarrowFilterDrives() {
        #expect(TemplateQueryStrategy.choose(matchCounts: [cap, 12], catalogSize: size, limit: 20) == .drive(1))
        #expect(TemplateQueryStrategy.choose(matchCounts: [300], catalogSize: size, limit: 20) == .drive(0))
    }

    @Test func aFilterWhoseIndexKeepsTheSortOrderIsWalked() {
        // Broad filters: walk the narrowest order-keeping one rather than the whole sort index.
        #expect(
            TemplateQueryStrategy.choose(matchCounts: [cap, cap], keepingOrder: [1], catalogSize: size, limit: 20)
                == .walk(along: 1))
        // A narrow order-keeping filter: walking it is driving from it without a sort.
        #expect(
            TemplateQueryStrategy.choose(matchCounts: [cap, 30], keepingOrder: [1], catalogSize: size, limit: 20)
                == .walk(along: 1))
        // A narrower filter that does not keep the order still drives.
        #expect(
            TemplateQueryStrategy.choose(matchCounts: [5, cap], keepingOrder: [1], catalogSize: size, limit: 20)
                == .drive(0))
    }

    @Test func theCapGrowsWithTheSquareRootOfLimitTimesSize() {
        #expect(TemplateQueryStrategy.countCap(catalogSize: 100_000, limit: 20) == 1414)
        #expect(TemplateQueryStrategy.countCap(catalogSize: 50, limit: 20) == 50)
        #expect(TemplateQueryStrategy.countCap(catalogSize: 100_000, limit: nil) == 1)
    }
}
