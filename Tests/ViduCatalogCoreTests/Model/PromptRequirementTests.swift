import Testing
// @testable: the phrase reader is internal (templates expose only its verdict, `promptRequired`), and a
// table of phrases tests it more directly than a template per phrase would.
@testable import ViduCatalogCore

@Suite struct PromptRequirementTests {
    @Test(arguments: [
        ("No prompt required for this mode", false as Bool?),
        ("A prompt is optional: describe the mood you want", false),
        ("Prompt not needed", false),
        ("A prompt is required: describe the scene or action", true),
        ("Enter a prompt describing the motion (required)", true),
        ("Please enter a prompt", true),
        ("Describe it however you want", nil),
        ("", nil),
    ])
    func readsInstructionText(text: String, required: Bool?) {
        #expect(PromptRequirement.isRequired(text) == required)
    }
}
