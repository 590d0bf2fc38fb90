#!/usr/bin/env python3
"""Writes Data/sample-snapshot.json: a deterministic sample of the Crun Vidu template list.

The file has the exact upstream response shape ({"code","message","data":{"total","templates"}})
plus one extra top-level key, "sample", that says what it is: a sample in the real format,
dated, and not the live catalog. Run it again only to change the sample on purpose:
the output is committed and embedded in the binary.
"""
import json
import random
import sys
from pathlib import Path

SNAPSHOT_DATE = "2026-11-20"
rng = random.Random(20261120)

CATEGORIES = [
    (11, "Festival"), (3, "Romance"), (5, "Pets"), (7, "Fantasy"), (2, "Transformation"),
    (8, "Dance"), (9, "Comedy"), (12, "Sports"), (4, "Fashion"), (14, "Horror"),
    (6, "Anime"), (10, "Family"),
]
CATEGORY_BY_NAME = {name: cid for cid, name in CATEGORIES}

# Publicly known IDs first (crun-vidu-api.md), with what is known of them.
KNOWN = [
    ("Vintage_Moment_of_Mom", "Vintage Moment of Mom", "Festival", 1, False),
    ("Easter_cute_pets", "Easter Cute Pets", "Festival", 1, False),
    ("exotic_princess", "Exotic Princess", "Fantasy", 1, False),
    ("beast_companion", "Beast Companion", "Fantasy", 1, False),
    ("subject_3", "Subject 3 Dance", "Dance", 1, True),
    ("pubg_winner_hit", "PUBG Winner Hit", "Sports", 1, True),
    ("hugging", "Hugging", "Romance", 2, False),
    ("turn_into_zombie", "Turn into Zombie", "Horror", 1, False),
    ("head_to_balloon", "Head to Balloon", "Comedy", 1, False),
    ("wednesdays_vibe", "Wednesday's Vibe", "Dance", 1, True),
    ("covered_liquid_metal", "Covered in Liquid Metal", "Transformation", 1, False),
]

# Realistic others, in the mixed-case ID style the upstream uses.
OTHERS = {
    "Festival": ["christmas_sweater", "Halloween_pumpkin_head", "lunar_new_year_lion", "fireworks_night",
                 "Valentine_rose_rain", "thanksgiving_feast", "diwali_lights", "santa_hat_drop", "snowglobe_shake", "carnival_mask"],
    "Romance": ["kissing", "couple_heart_pose", "wedding_veil", "slow_dance_couple", "love_letter_burn",
                "proposal_ring", "cheek_kiss", "balcony_serenade", "forehead_kiss"],
    "Pets": ["cat_dance_party", "dog_graduation", "pet_astronaut", "puppy_superhero", "kitten_chef",
             "hamster_wheel_run", "pet_birthday_cake", "Bunny_ears_pop", "parrot_talk", "fish_tank_swim"],
    "Fantasy": ["dragon_rider", "fairy_wings", "wizard_spell", "mermaid_tail", "elf_forest_walk",
                "phoenix_rebirth", "crystal_armor", "unicorn_ride", "time_portal"],
    "Transformation": ["melt_away", "inflate_me", "squish_it", "paper_cutout", "lego_figure", "statue_to_life",
                       "pixel_dissolve", "ice_freeze", "gold_statue", "cyborg_reveal", "clay_animation"],
    "Dance": ["kpop_idol_dance", "robot_dance", "salsa_spin", "moonwalk", "hip_hop_freestyle", "ballet_twirl",
              "line_dance_cowboy", "tango_dip"],
    "Comedy": ["face_stretch", "big_head_mode", "sneeze_blast", "banana_slip", "Bobblehead_nod", "pie_in_face",
               "tiny_body", "eyebrow_wiggle"],
    "Sports": ["soccer_goal_celebration", "slam_dunk", "boxing_knockout", "marathon_finish", "surf_wave_ride",
               "ski_jump", "muscle_up", "golf_hole_in_one", "yoga_flow"],
    "Fashion": ["ai_outfit_change", "runway_walk", "hair_color_swap", "sunglasses_drop", "vintage_1920s",
                "street_style_pose", "Met_gala_look", "cosplay_switch", "sneaker_drop"],
    "Horror": ["ghost_fade", "vampire_bite", "werewolf_howl", "haunted_mirror", "skeleton_dance",
               "creepy_doll_eyes", "zombie_walk"],
    "Anime": ["anime_transformation", "chibi_me", "ninja_dash", "magical_girl", "mecha_pilot", "spirit_bomb",
              "Sakura_breeze", "kawaii_blush", "shonen_power_up"],
    "Family": ["baby_first_steps", "grandparents_hug", "family_portrait_live", "kid_to_adult", "father_son_catch",
               "bedtime_story", "mom_kiss_baby", "family_reunion_run", "pregnancy_reveal"],
}

IMAGE_COUNT_TEXTS = {
    1: ["Only one image can be uploaded", "Upload one image", "Only 1 image is supported"],
    2: ["Two images are required: one photo of each person", "Please upload 2 images"],
    (1, 3): ["1-3 images can be uploaded", "Up to 3 images can be uploaded"],
    (1, 2): ["Upload one or two images"],
}
PERSON_TEXTS = [
    "Only single person photos are supported", "Only single female person photos are supported",
    "Only single male person photos are supported", "Photos of two people are supported",
    "Pets only: cats or dogs, one animal per photo", "Any number of people",
]
ATTENTION_TEXTS = [
    "Single person half-body or full-body photos yield the best results",
    "Front-facing photos with clear faces yield the best results",
    "Avoid heavily filtered or blurry photos", "Good lighting gives the most natural motion",
]
BOUNDARY_TEXTS = [
    "There is a low probability of issues such as subtle changes in facial features",
    "Hands may occasionally look distorted", "Fast motion may blur fine details",
    "Backgrounds with many people may confuse the effect",
]
PROMPT_FREE = "No prompt required for this mode"
PROMPT_OPTIONAL = "A prompt is optional: describe the mood you want"
PROMPT_REQUIRED = "A prompt is required: describe the scene or action"

ASPECT_SETS = [["9:16"], ["16:9"], ["1:1"], ["9:16", "16:9"], ["9:16", "16:9", "1:1"],
               ["16:9", "9:16", "1:1", "4:3", "3:4"], ["3:4", "4:3"]]
RESOLUTION_SETS = [["1080p"], ["720p"], ["720p", "1080p"], ["360p", "720p"], ["540p", "720p", "1080p"]]
DURATION_SETS = [[0], [4], [5], [4, 8], [8]]


def asset(n):
    return f"https://scene.cf.vidu.studio/media-asset/{n:06d}-{rng.getrandbits(64):016x}.png"


def instruction(image_key, person, prompt_text):
    image_text = rng.choice(IMAGE_COUNT_TEXTS[image_key])
    count = image_key if isinstance(image_key, int) else image_key[1]
    return {
        "image_count": image_text,
        "image_url": [asset(83000 + rng.randrange(9999)) for _ in range(count)],
        "person_count": person,
        "attention": rng.choice(ATTENTION_TEXTS),
        "prompt_instruction": prompt_text,
        "effect_boundary": rng.choice(BOUNDARY_TEXTS),
    }


def make(template_id, name, category, images, prompt_free, index):
    person = rng.choice(PERSON_TEXTS)
    if images == 1:
        image_key = 1
    elif images == 2:
        image_key = 2
    else:
        image_key = images
    if prompt_free:
        prompt_text = PROMPT_FREE
    else:
        prompt_text = rng.choice([PROMPT_FREE, PROMPT_FREE, PROMPT_OPTIONAL, PROMPT_REQUIRED])
    cover = asset(80000 + index)
    return {
        "template": template_id,
        "name": name,
        "resolution": rng.choice(RESOLUTION_SETS),
        "duration": rng.choice(DURATION_SETS),
        "aspect_ratio": rng.choice(ASPECT_SETS),
        "output_type": "unspecified",
        "cover": cover,
        "video": cover.replace(".png", ".mp4") if rng.random() < 0.7 else cover,
        "credits": rng.choice([4, 6, 8, 9, 10, 12, 15, 20]),
        "person_count": person,
        "input_instruction": json.dumps(instruction(image_key, person, prompt_text), ensure_ascii=False,
                                        separators=(",", ":")),
        "category_name": category,
        "category_id": CATEGORY_BY_NAME[category],
        "is_hot": rng.random() < 0.2,
        "is_new": rng.random() < 0.15,
    }


def humanize(template_id):
    return " ".join(part.capitalize() if part.islower() else part for part in template_id.split("_"))


def main():
    templates = []
    for template_id, name, category, images, prompt_free in KNOWN:
        templates.append(make(template_id, name, category, images, prompt_free, len(templates)))
    for category, ids in OTHERS.items():
        for template_id in ids:
            images = rng.choice([1, 1, 1, 1, 2, (1, 3), (1, 2)])
            templates.append(make(template_id, humanize(template_id), category, images, False, len(templates)))

    by_id = {t["template"]: t for t in templates}
    # The documented example, field for field.
    mom = by_id["Vintage_Moment_of_Mom"]
    mom.update({
        "resolution": ["1080p"], "duration": [0], "aspect_ratio": ["9:16"], "output_type": "unspecified",
        "cover": "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png",
        "video": "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png",
        "credits": 9, "person_count": "Only single female person photos are supported",
        "input_instruction": json.dumps({
            "image_count": "Only one image can be uploaded",
            "image_url": ["https://scene.cf.vidu.studio/media-asset/083031-h9r9GH4Ll5AYpoF1.png"],
            "person_count": "Only single female person photos are supported",
            "attention": "Single person half-body or full-body photos yield the best results",
            "prompt_instruction": "No prompt required for this mode",
            "effect_boundary": "There is a low probability of issues such as subtle changes in facial features",
        }, separators=(",", ":")),
        "category_name": "Festival", "category_id": 11, "is_hot": True, "is_new": False,
    })
    # The CreateTask page's example request (one image, bgm) must be valid against this sample.
    by_id["Easter_cute_pets"]["aspect_ratio"] = ["9:16", "16:9", "1:1"]
    # Deliberate edge cases a tolerant reader must survive.
    by_id["melt_away"]["input_instruction"] = "image_count: one image; prompt: none (legacy text, not JSON)"
    by_id["inflate_me"]["input_instruction"] = json.dumps({"image_count": "Only one image can be uploaded"})
    by_id["squish_it"]["input_instruction"] = ""
    by_id["paper_cutout"]["input_instruction"] = "{\"image_count\": \"Only one image\", \"attention\": "
    by_id["lunar_new_year_lion"]["name"] = "春节舞狮 Lunar New Year Lion"
    by_id["diwali_lights"]["name"] = "Diwali Lights ✨ दीवाली"
    by_id["vintage_1920s"]["name"] = "Années folles 1920s — Café Olé"
    by_id["kpop_idol_dance"]["name"] = "K-pop Idol Dance 케이팝"
    by_id["cyborg_reveal"]["effect_version"] = 3
    by_id["cyborg_reveal"]["tags"] = ["sci-fi", "metal"]
    by_id["ghost_fade"].pop("video")
    by_id["ghost_fade"].pop("person_count")
    by_id["ghost_fade"]["output_type"] = "video"
    by_id["tiny_body"]["input_instruction"] = json.dumps({
        "image_count": "Any photo you like", "prompt_instruction": "Describe it however you want"})
    by_id["chibi_me"]["input_instruction"] = json.dumps({
        "image_count": "Only one image can be uploaded", "prompt_instruction": PROMPT_REQUIRED,
        "future_hint": {"nested": [1, 2.5, None, True]}}, ensure_ascii=False)

    snapshot = {
        "sample": {
            "description": "A sample of the Crun Vidu template list in the real response format. "
                           "It is not the live catalog: run `vidu-catalog sync` for that.",
            "snapshot_date": SNAPSHOT_DATE,
            "live": False,
            "generator": "scripts/make-sample-snapshot.py",
        },
        "code": 200,
        "message": "success",
        "data": {"total": len(templates), "templates": templates},
    }
    out = Path(__file__).resolve().parent.parent / "Data" / "sample-snapshot.json"
    out.write_text(json.dumps(snapshot, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out} with {len(templates)} templates in {len({t['category_name'] for t in templates})} categories",
          file=sys.stderr)


if __name__ == "__main__":
    main()
