"""Named abdominal, urogenital, obstetric, skin and mucosal signs told by their description, not
their name (Rovsing's told as pain on the right when the left is pressed, Cullen's as bluish skin
round the umbilicus, a port-wine stain as a flat purple birthmark): each text, in our own words,
must read the sign's finding and not the old misreading; a near miss must not read the sign."""

from __future__ import annotations

import pytest

from support.reading import assert_reads


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # Murphy: inspiration stops when the gallbladder meets the examining hand
        (
            "on palpation under the right costal margin she stops breathing in when the right upper quadrant is palpated",
            "sign_murphys",
            None,
        ),
        ("deep breath in, and inspiration halts on deep palpation below the right ribs", "sign_murphys", None),
        # Rovsing: pressure on the left, pain on the right
        ("pressing on the left lower quadrant causes pain in the right lower quadrant", "sign_rovsing", None),
        ("he winces: pain is felt in the right iliac fossa when the left iliac fossa is pressed", "sign_rovsing", None),
        ("pressure over the left iliac fossa produces pain in the right iliac fossa", "sign_rovsing", None),
        ("tender in the right lower quadrant only, nothing on the left", "sign_rif_tenderness", "sign_rovsing"),
        # psoas and obturator
        ("lying on his left side, pain in the right lower quadrant on passive extension of the right hip", "sign_psoas", None),
        ("she has abdominal pain on flexing the right hip against resistance", "sign_psoas", None),
        ("suprapubic discomfort on internal rotation of the flexed thigh", "sign_obturator", None),
        ("hypogastric pain when the flexed right thigh is rotated internally", "sign_obturator", None),
        (
            "hip arthritis: pain on internal rotation of the flexed hip with reduced range",
            "sign_hip_rotation_painful_restricted",
            "sign_obturator",
        ),
        # Cullen and Grey Turner: bruising round the umbilicus or in the flanks, not a blue leg
        ("there is bluish discoloration around the umbilicus", "sign_flank_bruising", "sign_cyanotic_leg"),
        ("faint periumbilical ecchymosis is noted on day two", "sign_flank_bruising", None),
        ("blue-purple discolouration of both flanks", "sign_flank_bruising", "sign_cyanotic_leg"),
        ("he has bluish discolouration of the skin around the belly button", "sign_flank_bruising", "sign_cyanotic_leg"),
        ("his left calf has a bluish discoloration", "sign_cyanotic_leg", "sign_flank_bruising"),
        # Courvoisier: a gallbladder that can be felt
        ("deeply jaundiced and the gallbladder can be felt, though it is not tender", "sign_palpable_gallbladder", None),
        # shifting dullness and fluid thrill
        ("the percussion note changes from dull to resonant when she rolls onto her side", "sign_ascites", None),
        ("a tap on one flank is felt on the other side of the abdomen", "sign_ascites", None),
        ("the dullness shifts when he is turned onto his left side", "sign_ascites", None),
        ("there is no shifting dullness and no fluid thrill", None, "sign_ascites"),
        # caput medusae, spider naevi, palmar erythema, leukonychia
        ("distended tortuous veins around the umbilicus", "sign_liver_stigmata", None),
        ("several red spots with radiating vessels on the upper chest", "sign_liver_stigmata", None),
        ("reddening of the thenar and hypothenar eminences of both hands", "sign_liver_stigmata", None),
        ("his nails are white and opaque; white opaque nails on all fingers", "sign_liver_stigmata", None),
        (
            "a child with a fever for six days, red palms and soles and swollen hands",
            "sign_swollen_hands_feet_child",
            "sign_liver_stigmata",
        ),
        # asterixis
        ("with his arms out in front there is jerky flapping of the hands", "sign_asterixis", None),
        ("his hands flap when the wrists are dorsiflexed", "sign_asterixis", None),
        # Chadwick and cervical motion tenderness
        ("on speculum examination there is a bluish tinge to the cervix", "sign_cervical_cyanosis", None),
        ("the vaginal mucosa looks bluish at 8 weeks", "sign_cervical_cyanosis", None),
        ("on bimanual examination she cries out with pain when the cervix is moved", "sign_cervical_motion_tenderness", None),
        # rebound (Blumberg), guarding, percussion tenderness, heel drop
        ("pain is worse on sudden release of pressure in the right iliac fossa", "sign_peritonism", None),
        ("he winces with pain when the examiner's hand is released quickly", "sign_peritonism", None),
        ("Blumberg's sign is positive", "sign_peritonism", None),
        ("involuntary tightening of the abdominal muscles when the right side is touched", "sign_peritonism", None),
        ("she has pain on percussion of the abdomen", "sign_peritonism", None),
        ("the abdomen is soft with no guarding and no rebound", None, "sign_peritonism"),
        ("the child has pain on dropping from tiptoes onto the heels", "sign_pain_on_movement_abdominal", None),
        # succussion splash
        ("a splashing sound over the epigastrium when the patient is shaken", "sign_succussion_splash", None),
        ("splash heard over the stomach four hours after his last meal", "sign_succussion_splash", None),
        # Prehn, cremasteric reflex, lie of the testis, blue dot
        ("his scrotal pain is relieved by lifting the testicle", "sign_prehn_positive", None),
        ("lifting the scrotum eases the pain a little", "sign_prehn_positive", None),
        ("lifting the testis does not change the pain", None, "sign_prehn_positive"),
        ("stroking the inner thigh does not cause the testis to rise on the left", "sign_absent_cremasteric_reflex", None),
        ("on that side stroking the upper thigh fails to elevate the testicle", "sign_absent_cremasteric_reflex", None),
        ("the testis rises when the inner thigh is stroked", "sign_cremasteric_reflex_present", "sign_absent_cremasteric_reflex"),
        ("the right testicle lies transversely and sits high", "sign_high_riding_testis", None),
        ("a small bluish spot visible through the scrotal skin at the upper pole", "sign_blue_dot", None),
        # renal angle, McBurney, Carnett, Kehr, Sister Mary Joseph
        ("there is tenderness on percussion of the costovertebral angle on the right", "sign_renal_angle_tenderness", None),
        ("she flinches with pain when the loin is tapped", "sign_renal_angle_tenderness", None),
        ("no tenderness at the costovertebral angle", None, "sign_renal_angle_tenderness"),
        (
            "maximal tenderness a third of the way from the anterior superior iliac spine to the umbilicus",
            "sign_rif_tenderness",
            None,
        ),
        ("the tenderness increases when she lifts her head off the couch", "sign_carnett_positive", None),
        ("after the fall onto his ribs, Kehr's sign is present", "sym_shoulder_tip_pain", None),
        ("a hard periumbilical nodule in a woman with ascites", "sign_virchow_node", None),
        # port-wine stain
        ("a flat purplish birthmark over the left cheek", "sign_port_wine_stain", None),
        ("a wine-coloured birthmark on one side of the face", "sign_port_wine_stain", None),
        # since birth is the patient's own birth, not a delivery
        ("a red patch on his neck present since birth", None, "postpartum"),
        ("a flat purple patch present since birth over his forehead", "sign_port_wine_stain", "sex_female"),
        ("back pain since the birth of her son", "postpartum", None),
        # slapped cheek and circumoral pallor
        ("a 6-year-old with a bright red rash on the cheeks and a lacy rash on the arms", "sign_sandpaper_rash_sparing", None),
        ("his cheeks look as if they have been slapped", "sign_sandpaper_rash_sparing", None),
        ("a flushed face with pallor around the mouth", "sign_sandpaper_rash_sparing", None),
        ("she says she had been slapped by her partner", None, "sign_sandpaper_rash_sparing"),
        # Koplik spots
        ("tiny white spots on the inside of the cheeks", "sign_koplik_spots", None),
        ("two days before the rash, grey-white spots like grains of salt inside the cheeks", "sign_koplik_spots", None),
        # strawberry tongue, sandpaper rash, Pastia lines
        ("a bright red tongue with enlarged papillae", "sign_scarlet_fever_rash", "sym_glossitis"),
        ("her tongue is red with prominent papillae", "sign_scarlet_fever_rash", None),
        ("a fine rash with a sandpaper texture on the trunk", "sign_scarlet_fever_rash", None),
        ("red lines in the skin creases of the elbows", "sign_scarlet_fever_rash", None),
        ("a smooth red beefy tongue", "sym_glossitis", "sign_scarlet_fever_rash"),
        # target lesions
        ("round lesions with a dark centre surrounded by a pale ring on the palms", "sign_target_lesions", None),
        ("concentric rings of colour on the hands", "sign_target_lesions", "sign_full_thickness_rectal_prolapse"),
        # Nikolsky, Auspitz, Koebner
        ("gentle rubbing and the epidermis slides off the normal-looking skin", "sign_nikolsky", None),
        ("the skin separates with gentle pressure at the edge of the blisters", "sign_nikolsky", None),
        ("Nikolsky sign negative", None, "sign_nikolsky"),
        ("scraping off the silvery scale reveals pinpoint bleeding", "sign_auspitz", None),
        ("new plaques in the line of a scratch on her forearm", "sign_koebner", None),
        ("new lesions at sites of skin injury", "sign_koebner", None),
        # Wickham striae
        ("white reticular streaks on both buccal mucosae", "sign_violaceous_papules", None),
        # heliotrope and Gottron
        ("violet discoloration of the upper eyelids and proximal weakness", "sign_heliotrope_rash", None),
        ("a lilac rash around the eyes", "sign_heliotrope_rash", None),
        ("scaly purple bumps over the metacarpophalangeal joints", "sign_gottron_papules", None),
        ("red papules over the interphalangeal joints", "sign_gottron_papules", None),
        # cafe-au-lait, ash-leaf
        ("several flat light-brown patches on the trunk", "sign_cafe_au_lait", None),
        ("coffee-coloured macules over the back", "sign_cafe_au_lait", None),
        ("three leaf-shaped white patches on the back", "sign_ash_leaf_macules", None),
        # herald patch and Christmas-tree pattern
        ("oval pink patches on the back in a fir-tree pattern", "sign_herald_patch", None),
        ("a large oval patch appeared a week before the rest of the rash", "sign_herald_patch", None),
        ("the fever came two days before the rest of the rash", None, "sign_herald_patch"),
        # honey crusts, burrows, dermographism
        ("weeping sores around the nose with yellow-brown crusts", "sign_honey_crusts", None),
        ("crusts the colour of honey on the chin", "sign_honey_crusts", None),
        ("short wavy grey lines between the fingers", "sign_burrows", None),
        ("firm stroking of the skin raises a red weal along the line within minutes", "sign_dermographism", None),
        ("writing on the skin with a fingernail leaves raised red lines", "sign_dermographism", None),
        # pyoderma gangrenosum, livedo, palpable purpura
        ("a painful leg ulcer with a ragged purple edge", "sign_undermined_ulcer", None),
        ("a net-like purple pattern on the skin of both legs", "sign_livedo", None),
        ("lace-like purplish discoloration of the thighs", "sign_livedo", None),
        ("raised non-blanching papules over the shins", "sign_palpable_purpura", None),
        ("purpuric spots that can be felt on the lower legs", "sign_palpable_purpura", None),
        # strawberry cervix, erythema migrans, thrush, xanthelasma, angular cheilitis
        ("tiny red spots on the cervix with a frothy discharge", "sign_strawberry_cervix", None),
        ("an expanding red ring with central clearing on the thigh", "sign_erythema_migrans", None),
        ("creamy white plaques inside the mouth", "sign_oral_thrush", None),
        ("soft yellowish plaques on the upper eyelids near the nose", "sign_xanthelasma", None),
        ("she has painful fissures at the corners of the mouth", "sign_angular_cheilitis", None),
        # allodynia told as what touch does
        ("the skin of her swollen foot hurts when lightly touched", "sign_allodynia", None),
        ("there is severe pain on light touch over the left shin", "sign_allodynia", None),
        ("light touch sensation is reduced over the shin", None, "sign_allodynia"),
    ],
)
def test_a_sign_told_by_its_description_reads_as_the_sign(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)
