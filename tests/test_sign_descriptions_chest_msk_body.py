"""Named examination signs of the chest, the joints, the glands, the blood and the child, told by
their description and not by their name: each text, in our own words, must read the sign's
finding; a near miss (the same words said of something else, or the sign denied) must not."""

from __future__ import annotations

import pytest

from support.reading import assert_reads


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # pulsus paradoxus: the systolic pressure or the pulse falls on breathing in, its size in mmHg
        # between the fall and the breath in
        ("on examination her systolic pressure drops during inspiration", "sign_pulsus_paradoxus", None),
        ("the systolic blood pressure falls by 18 mmHg on inspiration", "sign_pulsus_paradoxus", "rf_trauma"),
        ("a drop in systolic pressure of more than 10 mm Hg with inspiration", "sign_pulsus_paradoxus", None),
        ("the radial pulse disappears during inspiration", "sign_pulsus_paradoxus", None),
        ("his blood pressure falls on standing", "sign_postural_bp_drop", "sign_pulsus_paradoxus"),
        # Kussmaul sign: the JVP rises, or fails to fall, on breathing in
        ("the JVP paradoxically rises as he takes a breath", "sign_kussmaul_sign", None),
        ("his neck veins become more distended on inspiration", "sign_kussmaul_sign", None),
        ("the jugular venous pressure fails to fall on inspiration", "sign_kussmaul_sign", None),
        ("the JVP is raised at 6 cm", "sign_raised_jvp", "sign_kussmaul_sign"),
        # muffled heart sounds (a part of Beck triad)
        ("distended neck veins, BP 80/50, and the heart sounds are barely audible", "sign_muffled_heart_sounds", None),
        ("the heart sounds are hard to hear over the praecordium", "sign_muffled_heart_sounds", None),
        # pericardial rub, and a scratching sound that is no rub
        ("a high-pitched scratching noise at the left sternal edge, loudest leaning forward", "sign_pericardial_rub", None),
        ("a grating sound over the heart that varies with position", "sign_pericardial_rub", None),
        ("a scratching noise in the wall kept her awake", None, "sign_pericardial_rub"),
        # Hamman crunch and surgical emphysema of the neck
        ("after vomiting, a crunching sound with each heartbeat is heard over the sternum", "sign_subcutaneous_emphysema", None),
        ("Hamman's crunch at the left sternal edge", "sign_subcutaneous_emphysema", None),
        ("crepitus felt in the neck and over the upper chest", "sign_subcutaneous_emphysema", None),
        # collapsing pulse and its eponymous signs (Corrigan, de Musset, Quincke, Traube, Muller)
        ("a bounding pulse that collapses when the arm is lifted", "sign_collapsing_pulse", None),
        ("the head nods in time with the heartbeat", "sign_collapsing_pulse", None),
        ("visible pulsation of the nail beds when the nail tip is lightly pressed", "sign_collapsing_pulse", None),
        ("a pistol-shot sound over the femoral artery", "sign_collapsing_pulse", None),
        ("his uvula pulsates with each heartbeat", "sign_collapsing_pulse", None),
        ("the pulse pressure is widened at 90 mmHg", "sign_collapsing_pulse", None),
        ("he nods off in his chair after lunch", None, "sign_collapsing_pulse"),
        # slow-rising pulse (pulsus parvus et tardus)
        ("the carotid pulse is weak and delayed", "sign_slow_rising_pulse", None),
        ("a small, slowly rising pulse at the carotid", "sign_slow_rising_pulse", None),
        # radio-femoral delay
        ("his femoral pulses lag behind the radial pulses", "sign_radiofemoral_delay", None),
        ("a delay between the radial and femoral pulses in a hypertensive teenager", "sign_radiofemoral_delay", None),
        ("the femoral pulses are normal", None, "sign_radiofemoral_delay"),
        # Osler nodes, Janeway lesions, splinter haemorrhages, Roth spots
        ("painful red nodules on the finger pulps that come and go", "sign_endocarditis_stigmata", None),
        ("painless flat red spots on the soles of both feet", "sign_endocarditis_stigmata", None),
        ("fine red-brown streaks under the nails of several fingers", "sign_endocarditis_stigmata", None),
        ("retinal haemorrhages with pale centres", "sign_endocarditis_stigmata", "sign_hypertensive_retinopathy"),
        ("a painful nodule on the fingertip after a splinter", None, "sign_endocarditis_stigmata"),
        # finger clubbing
        ("the angle between the nail and the nail bed is lost in every finger", "sign_clubbing", None),
        ("bulbous fingertips and boggy nail beds", "sign_clubbing", None),
        ("no diamond-shaped window when the two nails are put back to back", "sign_clubbing", None),
        # tracheal deviation
        ("the trachea is pushed to the right", "sign_tracheal_deviation", None),
        ("on palpation the trachea is not central", "sign_tracheal_deviation", None),
        ("the trachea is central", None, "sign_tracheal_deviation"),
        # percussion, fremitus and the breath sounds of consolidation
        ("a drum-like percussion note over the left hemithorax", "sign_hyperresonance", None),
        ("vocal fremitus is decreased over the lower zone on the left", "sign_reduced_vocal_resonance", None),
        ("vocal fremitus is increased over the right lower lobe", "sign_bronchial_breathing", None),
        ("breath sounds are bronchial in the left axilla", "sign_bronchial_breathing", None),
        ("there is an E to A change at the right base", "sign_bronchial_breathing", None),
        ("whispered words are heard clearly over the right lower lobe", "sign_bronchial_breathing", None),
        # pursed-lip breathing and the barrel chest
        ("he breathes out slowly through pursed lips", "sign_barrel_chest", None),
        ("her chest is barrel shaped and the expiratory phase is prolonged", "sign_barrel_chest", None),
        ("she pursed her lips in disapproval", None, "sign_barrel_chest"),
        # tripod position and accessory muscle use
        ("he sits leaning forward with his hands on his knees, gasping", "sign_tripod_position", None),
        ("she is leaning forward on outstretched arms", "sign_tripod_position", None),
        ("he is using his neck muscles to breathe", "sign_increased_work_of_breathing", None),
        ("the sternocleidomastoids contract with each breath", "sign_increased_work_of_breathing", None),
        ("the baby has see-saw breathing", "sign_increased_work_of_breathing", None),
        # stridor, and the whoop of whooping cough
        ("a harsh crowing sound as the toddler breathes in", "sign_stridor", None),
        ("coughing bouts followed by a loud gasp for air", "sym_whooping_cough_paroxysms", None),
        # flail segment
        ("a segment of the chest wall moves in when he breathes in", "sign_flail_segment", None),
        ("after the crash part of the chest wall moves inward on inspiration", "sign_flail_segment", None),
        # Chvostek and Trousseau signs
        ("tapping over the facial nerve makes the corner of her mouth twitch", "sign_chvostek_trousseau", None),
        ("tapping in front of her ear causes twitching of the upper lip", "sign_chvostek_trousseau", None),
        ("her hand goes into spasm when the cuff is inflated for three minutes", "sign_chvostek_trousseau", None),
        ("tapping the facial nerve produces no twitch", None, "sign_chvostek_trousseau"),
        ("a blood pressure cuff is inflated for the tourniquet test", None, "sign_chvostek_trousseau"),
        # Heberden and Bouchard nodes
        ("hard bony swellings of the distal interphalangeal joints of both hands", "sign_bony_enlargement", None),
        ("bony nodules over the PIP joints of the index fingers", "sign_bony_enlargement", None),
        # modified Schober test
        ("the marks on the lower back separate by less than 5 cm on forward flexion", "sign_reduced_spinal_mobility", None),
        ("limited lumbar forward flexion on examination", "sign_reduced_spinal_mobility", None),
        # Finkelstein test
        ("pain at the radial styloid when the thumb is tucked into the fist", "sign_positive_finkelstein", None),
        ("pain on ulnar deviation of the wrist with the thumb held in the palm", "sign_positive_finkelstein", None),
        # drop-arm sign, painful arc, empty can (Jobe) test, apprehension test
        ("she is unable to lower the arm slowly and it drops to her side", "sign_rotator_cuff_weakness", None),
        ("the arm drops suddenly when lowered from shoulder height", "sign_rotator_cuff_weakness", None),
        ("shoulder pain in the mid range of abduction that eases above it", "sym_painful_arc", None),
        ("pain on resisted abduction with the thumb pointing down", "sign_impingement_tests", None),
        ("weak resisted abduction with the thumb pointing down", "sign_rotator_cuff_weakness", None),
        ("he is apprehensive when the arm is abducted and externally rotated", "sign_apprehension_positive", None),
        # Lachman and anterior drawer, McMurray, Thompson (Simmonds) tests
        ("increased anterior translation of the tibia with no firm end point", "sign_acl_laxity", None),
        ("the tibia can be pulled forward on the femur", "sign_acl_laxity", None),
        ("a painful click on the medial joint line when the flexed knee is rotated", "sign_meniscal_tests", None),
        ("a click in the jaw on opening the mouth", None, "sign_meniscal_tests"),
        ("no plantar flexion of the foot when the calf is squeezed", "sign_thompson_positive", None),
        ("squeezing the calf does not move the foot", "sign_thompson_positive", None),
        ("squeezing the calf is painful", None, "sign_thompson_positive"),
        # Barlow and Ortolani tests, Galeazzi sign
        ("the left hip can be dislocated by pushing the thigh backwards", "sign_hip_instability_infant", None),
        ("a clunk as the hip relocates on abduction", "sign_hip_instability_infant", None),
        ("both hips are stable on Barlow and Ortolani testing", None, "sign_hip_instability_infant"),
        ("with the hips and knees flexed, one knee is lower than the other", "sign_asymmetric_thigh_creases", None),
        # Gowers sign in a child
        ("to stand up from the floor he uses his hands to climb up his legs", "sign_proximal_weakness", None),
        ("she walks her hands up her thighs to get up", "sign_proximal_weakness", None),
        # lid lag and lid retraction
        ("the upper eyelid lags behind as she looks down", "sign_thyroid_eye_disease", None),
        ("the sclera is visible above the iris in both eyes", "sign_thyroid_eye_disease", None),
        ("no lid lag", None, "sign_thyroid_eye_disease"),
        # pretibial myxoedema
        ("raised orange-peel skin on the shins in a woman with Graves disease", "sign_pretibial_myxoedema", None),
        ("non-pitting swelling over the shins with a peau d'orange surface", "sign_pretibial_myxoedema", None),
        # moon face and buffalo hump, purple striae
        ("a hump of fat at the base of the neck", "sign_cushingoid", None),
        ("a round plethoric face and thin skin", "sign_cushingoid", None),
        ("wide violet stretch marks across the abdomen", "sign_purple_striae", None),
        ("silvery white stretch marks after her pregnancies", None, "sign_purple_striae"),
        # pigmentation of Addison disease
        ("dark patches on the inside of the cheeks and darkening of the palm creases", "sign_hyperpigmentation_creases", None),
        # koilonychia
        ("concave nails that could hold a drop of water", "sign_spoon_nails", None),
        ("her nails curve upwards at the edges", "sign_spoon_nails", None),
        # glossitis and angular cheilitis
        ("loss of papillae on the tongue and a sore mouth", "sym_glossitis", None),
        ("angular cheilitis and a pale conjunctiva", "sign_angular_cheilitis", "sym_glossitis"),
        ("painful fissures at the corners of the mouth", "sign_angular_cheilitis", None),
        # the spleen felt below the costal margin
        ("the spleen tip is felt below the left costal margin", "sign_splenomegaly", None),
        ("the spleen is felt 3 cm below the costal margin", "sign_splenomegaly", None),
        ("the spleen is not felt", None, "sign_splenomegaly"),
        # Kawasaki disease: cracked lips, peeling fingertips, red eyes without pus, strawberry tongue
        ("the lips are fissured and bleeding after five days of fever", "sign_cracked_red_lips", None),
        ("skin peeling from around the nails of the fingers and toes", "sign_peeling_fingertips", None),
        ("peeling of the skin of the fingers in the second week", "sign_peeling_fingertips", None),
        ("both eyes are red without discharge", "sign_non_purulent_conjunctivitis", None),
        ("red eyes with a sticky yellow discharge", None, "sign_non_purulent_conjunctivitis"),
        ("a red tongue with prominent papillae", "sign_scarlet_fever_rash", "sym_glossitis"),
        # Hamman's crunch told by what is heard, and the same rhythm that is no tinnitus
        (
            "a crackling sound in time with the heartbeat is heard over the mediastinum",
            "sign_subcutaneous_emphysema",
            "sym_pulsatile_tinnitus",
        ),
        ("auscultation finds mediastinal crackles", "sign_subcutaneous_emphysema", "sign_crackles"),
        ("he has a whooshing noise in his left ear in time with his pulse", "sym_pulsatile_tinnitus", None),
        # a pain that goes through to the back: abdominal only when the pain is in the abdomen
        ("upper abdominal pain that spreads to the back", "sym_abdominal_pain_radiating_back", None),
        ("sharp chest pain that goes through to the back", "sym_pain_through_to_back", "sym_abdominal_pain"),
    ],
)
def test_sign_description_reads_its_finding(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)
