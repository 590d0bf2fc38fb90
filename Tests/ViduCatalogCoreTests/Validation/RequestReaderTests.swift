import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// Reading request files: one body or JSON Lines, in batches, whatever their size.
@Suite struct RequestReaderTests {
    let folder = TemporaryDirectory()

    func file(_ bytes: [UInt8]) throws -> String {
        let path = folder.file("requests-\(UUID().uuidString)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every request of the file: its line and its text ("<N bytes>" for one too large to keep).
    func read(_ path: String, batchBytes: Int = 4 << 20, maxRequestBytes: Int = 20 << 20) throws -> (
        RequestReader.Layout?, [(Int, String)]
    ) {
        let reader = try RequestReader(path: path, batchBytes: batchBytes, maxRequestBytes: maxRequestBytes)
        var requests: [(Int, String)] = []
        while let batch = try reader.next() {
            for request in batch.requests {
                requests.append(
                    (
                        request.line,
                        request.oversizeBytes.map { "<\($0) bytes>" }
                            ?? String(decoding: batch.bytes[request.range], as: UTF8.self)
                    ))
            }
        }
        return (reader.layout, requests)
    }

    @Test func jsonLinesSkipBlankLinesAndKeepLineNumbers() throws {
        let (layout, requests) = try read(try file(Array("{\"a\":1}\r\n\n   \n{\"b\":2}\n{bad\n[1]".utf8)))
        #expect(layout == .jsonLines)
        #expect(requests.map(\.0) == [1, 4, 5, 6])
        #expect(requests.map(\.1) == ["{\"a\":1}\r", "{\"b\":2}", "{bad", "[1]"])
    }

    @Test func aBodyOverManyLinesIsOneRequestStartingAtItsFirstLine() throws {
        let text = "\n\n{\n  \"model\": \"vidu/template\",\n  \"input\": {}\n}\n"
        let (layout, requests) = try read(try file(Array(text.utf8)))
        #expect(layout == .document)
        #expect(requests.count == 1)
        #expect(requests[0].0 == 3)
        #expect(requests[0].1 == text)
    }

    @Test func batchesAreBoundedAndLinesSpanningReadsSurvive() throws {
        var text = ""
        for index in 0..<5000 {
            text += "{\"index\":\(index),\"pad\":\"\(String(repeating: "x", count: index % 300))\"}\n"
        }
        let reader = try RequestReader(path: try file(Array(text.utf8)), batchBytes: 64 << 10)
        var batches = 0
        var lines: [Int] = []
        while let batch = try reader.next() {
            batches += 1
            #expect(batch.bytes.count < (64 << 10) + 400)
            lines += batch.requests.map(\.line)
        }
        #expect(lines == Array(1...5000))
        #expect(batches > 10)
    }

    @Test func aLineOverTheLimitIsReportedBySizeAndSkipped() throws {
        let long = "{\"payload\":\"" + String(repeating: "p", count: 3 << 20) + "\"}"
        let (_, requests) = try read(
            try file(Array(("{\"a\":1}\n" + long + "\n{\"b\":2}").utf8)), maxRequestBytes: 1 << 20)
        #expect(requests.map(\.0) == [1, 2, 3])
        #expect(requests[1].1 == "<\(long.utf8.count) bytes>")
        #expect(requests[2].1 == "{\"b\":2}")
    }

    @Test func aDocumentOverTheLimitIsReportedBySize() throws {
        let text = "{\n\"payload\": \"" + String(repeating: "p", count: 3 << 20) + "\"\n}\n"
        let (layout, requests) = try read(try file(Array(text.utf8)), maxRequestBytes: 1 << 20)
        #expect(layout == .document)
        #expect(requests.map(\.1) == ["<\(text.utf8.count) bytes>"])
    }

    @Test func missingFilesAndDirectoriesAreClearErrors() throws {
        #expect(throws: CatalogError.self) { try RequestReader(path: folder.file("nope.jsonl")) }
        do {
            _ = try RequestReader(path: folder.file(""))
            Issue.record("a directory was opened")
        } catch {
            #expect(error.code == .malformedInput)
            #expect(error.message.contains("is a directory"))
        }
        let (_, none) = try read(try file([]))
        #expect(none.isEmpty)
    }
}
