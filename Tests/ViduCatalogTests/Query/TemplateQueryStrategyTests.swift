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
        #expect(TemplateQueryStrategy.choose(matchCounts: [cap], catalogSize: size, limit: 20) == .walk)
        #expect(TemplateQueryStrategy.choose(matchCounts: [cap, cap, cap], catalogSize: size, limit: 20) == .walk)
    }

    @Test func aNarrowFilterDrives() {
        #expect(TemplateQueryStrategy.choose(matchCounts: [cap, 12], catalogSize: size, limit: 20) == .drive(1))
        #expect(TemplateQueryStrategy.choose(matchCounts: [300], catalogSize: size, limit: 20) == .drive(0))
    }

    @Test func theCapGrowsWithTheSquareRootOfLimitTimesSize() {
        #expect(TemplateQueryStrategy.countCap(catalogSize: 100_000, limit: 20) == 5656)
        #expect(TemplateQueryStrategy.countCap(catalogSize: 120, limit: 20) == 120)
        #expect(TemplateQueryStrategy.countCap(catalogSize: 100_000, limit: nil) == 1)
    }
}
