import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

@Suite struct ImageHeaderTests {
    @Test(arguments: SampleImages.Kind.allCases.filter { $0.format != nil })
    func readsThePixelSizeOfEveryFormat(kind: SampleImages.Kind) {
        for (width, height) in [(1, 1), (720, 1280), (1920, 1080), (16383, 3)] {
            let header = ImageHeader.parse(SampleImages.bytes(kind, width: width, height: height, length: 0))
            #expect(
                header == ImageHeader(format: kind.format!, width: width, height: height), "\(kind) \(width)×\(height)")
        }
    }

    @Test(arguments: SampleImages.Kind.allCases.filter { $0.format != nil })
    func aHeaderCutShortIsNotRead(kind: SampleImages.Kind) {
        let bytes = SampleImages.bytes(kind, width: 640, height: 480, length: 0)
        // Every prefix that ends before the size fields reads as nothing, never as a wrong size or a crash.
        for length in 0..<bytes.count {
            let header = ImageHeader.parse(Array(bytes.prefix(length)))
            #expect(header == nil || header == ImageHeader(format: kind.format!, width: 640, height: 480))
        }
    }

    @Test func aProgressiveJPEGIsReadFromItsSOF2Header() {
        var bytes = SampleImages.bytes(.jpeg, width: 300, height: 200, length: 0)
        let frame = bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }!
        bytes[frame + 1] = 0xC2
        #expect(ImageHeader.parse(bytes) == ImageHeader(format: .jpeg, width: 300, height: 200))
    }

    @Test func aJPEGWhoseScanStartsBeforeAFrameHeaderHasNoSize() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xFF, 0xC0, 0, 17, 8, 0, 10, 0, 10]
        #expect(ImageHeader.parse(bytes) == nil)
    }

    @Test func otherBytesAreNoImage() {
        #expect(ImageHeader.parse(Array("<html><body>Not found</body></html>".utf8)) == nil)
        #expect(ImageHeader.parse(SampleImages.bytes(.mp4, width: 1, height: 1, length: 0)) == nil)
        #expect(
            ImageHeader.parse(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 30)) == nil)
        // A PNG whose first chunk is not IHDR, and one claiming zero width.
        var png = SampleImages.bytes(.png, width: 5, height: 5, length: 0)
        png[12] = UInt8(ascii: "X")
        #expect(ImageHeader.parse(png) == nil)
        #expect(ImageHeader.parse(SampleImages.bytes(.gif, width: 0, height: 5, length: 0)) == nil)
    }
}
