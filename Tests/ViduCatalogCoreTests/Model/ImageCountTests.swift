import Testing
import ViduCatalogCore

@Suite struct ImageCountTests {
    @Test(
        arguments: [
            ("Only one image can be uploaded", 1, 1),
            ("Only 1 image is supported", 1, 1),
            ("Upload an image of yourself", 1, 1),
            ("two images", 2, 2),
            ("Two images are required: one photo of each person", 2, 2),
            ("Please upload 2 images", 2, 2),
            ("1-3 images can be uploaded", 1, 3),
            ("Upload 2 to 4 photos", 2, 4),
            ("Upload one or two images", 1, 2),
            ("Up to 3 images can be uploaded", 1, 3),
            ("up to 3", 1, 3),
            ("a few", nil as Int?, nil as Int?),
            ("Images: up to 3", 1, 3),
            ("At most five pictures", 1, 5),
            ("Any photo you like", nil, nil),
            ("Please follow the guide", nil, nil),
            ("", nil, nil),
            ("1, 2 or 3 images", nil, nil),
            ("3-1 images", nil, nil),
        ] as [(String, Int?, Int?)])
    func parsesStatedCounts(text: String, min: Int?, max: Int?) {
        let count = ImageCount(text: text)
        #expect(count?.min == min)
        #expect(count?.max == max)
    }

    @Test func atLeastHasNoUpperBound() throws {
        let count = try #require(ImageCount(text: "At least 2 photos"))
        #expect(count == ImageCount(min: 2, max: nil))
        #expect(count.accepts(7))
        #expect(!count.accepts(1))
        #expect(count.description == "2+")
    }
}
