import ViduCatalogCore

/// Shared test inputs.
public enum Fixtures {
    /// The template example from Crun's "Vidu Template List" documentation, verbatim.
    public static let documentedTemplate = #"""
        {
          "template": "Vintage_Moment_of_Mom",
          "name": "Vintage Moment of Mom",
          "resolution": ["1080p"],
          "duration": [0],
          "aspect_ratio": ["9:16"],
          "output_type": "unspecified",
          "cover": "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png",
          "video": "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png",
          "credits": 9,
          "person_count": "Only single female person photos are supported",
          "input_instruction": "{\"image_count\":\"Only one image can be uploaded\",\"image_url\":[\"https://scene.cf.vidu.studio/media-asset/083031-h9r9GH4Ll5AYpoF1.png\"],\"person_count\":\"Only single female person photos are supported\",\"attention\":\"Single person half-body or full-body photos yield the best results\",\"prompt_instruction\":\"No prompt required for this mode\",\"effect_boundary\":\"There is a low probability of issues such as subtle changes in facial features\"}",
          "category_name": "Festival",
          "category_id": 11,
          "is_hot": true,
          "is_new": false
        }
        """#

    /// A small hand-made catalog whose filter answers are easy to check by eye.
    ///
    /// | id | ratios | res | dur | category | credits | images | prompt | hot | new |
    /// |---|---|---|---|---|---|---|---|---|---|
    /// | alpha_dance | 9:16 | 720p,1080p | 4 | Dance (8) | 4 | 1 | no | yes | no |
    /// | Beta_Hug | 16:9,9:16 | 1080p | 4,8 | Romance (3) | 10 | 2 | required | no | yes |
    /// | gamma_melt | 1:1 | 720p | 0 | Transformation (2) | 6 | 1-3 | optional | no | no |
    /// | delta_zombie | 9:16,1:1 | 540p | 5 | Horror (14) | 20 | unknown | unknown | yes | yes |
    /// | epsilon_pets | 16:9 | 720p | 4 | Pets (5) | 8 | 2+ | no | no | no |
    public static let smallCatalog = #"""
        {"code": 200, "message": "success", "data": {"total": 5, "templates": [
          {"template": "alpha_dance", "name": "Alpha Dance", "aspect_ratio": ["9:16"], "resolution": ["720p", "1080p"],
           "duration": [4], "category_name": "Dance", "category_id": 8, "credits": 4, "is_hot": true, "is_new": false,
           "input_instruction": "{\"image_count\":\"Only one image can be uploaded\",\"prompt_instruction\":\"No prompt required for this mode\",\"attention\":\"Twirl twice\"}"},
          {"template": "Beta_Hug", "name": "beta hug", "aspect_ratio": ["16:9", "9:16"], "resolution": ["1080p"],
           "duration": [4, 8], "category_name": "Romance", "category_id": 3, "credits": 10, "is_hot": false, "is_new": true,
           "input_instruction": "{\"image_count\":\"Two images are required\",\"prompt_instruction\":\"A prompt is required: describe the scene\"}"},
          {"template": "gamma_melt", "name": "Gamma Melt", "aspect_ratio": ["1:1"], "resolution": ["720p"],
           "duration": [0], "category_name": "Transformation", "category_id": 2, "credits": 6, "is_hot": false, "is_new": false,
           "input_instruction": "{\"image_count\":\"1-3 images can be uploaded\",\"prompt_instruction\":\"A prompt is optional\"}"},
          {"template": "delta_zombie", "name": "Délta Zombie", "aspect_ratio": ["9:16", "1:1"], "resolution": ["540p"],
           "duration": [5], "category_name": "Horror", "category_id": 14, "credits": 20, "is_hot": true, "is_new": true,
           "input_instruction": "legacy free text, not JSON"},
          {"template": "epsilon_pets", "name": "Epsilon Pets", "aspect_ratio": ["16:9"], "resolution": ["720p"],
           "duration": [4], "category_name": "Pets", "category_id": 5, "credits": 8, "is_hot": false, "is_new": false,
           "input_instruction": "{\"image_count\":\"At least 2 photos\",\"prompt_instruction\":\"No prompt needed\"}",
           "effect_version": 2}
        ]}}
        """#
}

extension Fixtures {
    /// A CreateTask body for `template` with one image, its `input` members replaced by `input`
    /// (a `nil` value removes one): the validator tests' starting point.
    public static func createTaskBody(_ input: [String: JSONValue?] = [:], template: String = "Easter_cute_pets")
        -> [UInt8]
    {
        var members: [String: JSONValue] = [
            "template": .string(template),
            "images": ["https://static.crunai.com/u/9b4262e8-4051-4ae8-abf8-e8d8955a948c.png"],
        ]
        for (key, value) in input { members[key] = value }
        return JSONWriter().data(["model": "vidu/template", "input": .object(members)])
    }
}
