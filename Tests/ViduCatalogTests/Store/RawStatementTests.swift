import Foundation
import GRDB
import Testing
import ViduCatalogTesting

// @testable: RawStatement is the store's internal bulk-insert path; its bind checks are tested directly.
@testable import ViduCatalog

/// The bulk writer's direct SQLite calls: every bind and step result is checked.
@Suite struct RawStatementTests {
    let folder = TemporaryDirectory()

    @Test func aBindPastTheStatementsParametersFailsTheRunInsteadOfBeingIgnored() throws {
        let queue = try DatabaseQueue(path: folder.file("raw.sqlite"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT)")
            var statement = try RawStatement(db, sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            statement.bind(Int64(1))
            statement.bind("one")
            statement.bind("a third value the statement has no place for")
            #expect(throws: DatabaseError.self) { try statement.run() }
            // The statement is ready again, and nothing was inserted by the failed run.
            statement.bind(Int64(2))
            statement.bind("two")
            try statement.run()
            #expect(try Int.fetchAll(db, sql: "SELECT a FROM t") == [2])
        }
    }

    @Test func aStepThatViolatesAConstraintThrows() throws {
        let queue = try DatabaseQueue(path: folder.file("constraint.sqlite"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER NOT NULL)")
            var statement = try RawStatement(db, sql: "INSERT INTO t (a) VALUES (?)")
            statement.bind(nil as Int64?)
            #expect(throws: DatabaseError.self) { try statement.run() }
        }
    }
}
