"""Neurological, eye and ear-nose-throat signs told by what the examiner sees rather than by
their names (Brudzinski, Kernig, Babinski, Romberg, Gowers, Trendelenburg, Froment, Argyll
Robertson, Battle, Hennebert and the like): each text, in our own words, must read the sign, and
the near misses after it must not."""

from __future__ import annotations

import pytest

from support.reading import assert_reads


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # meningeal signs: Brudzinski, Kernig, neck stiffness
        ("passive flexion of the neck produces flexion of the hips and knees", "sign_kernig_brudzinski", None),
        ("flexing her neck causes the hips and knees to flex", "sign_kernig_brudzinski", None),
        ("he has pain in the back on extending the knee with the hip flexed to 90 degrees", "sign_kernig_brudzinski", None),
        ("she is unable to straighten the knee with the hip flexed because of pain", "sign_kernig_brudzinski", None),
        ("lies on the couch with her hips and knees flexed for the abdominal examination", None, "sign_kernig_brudzinski"),
        ("there is marked resistance to passive flexion of the neck", "sign_neck_stiffness", None),
        # Babinski, clonus, Hoffmann
        ("on stroking the lateral sole the left big toe goes up", "sign_upper_motor_neuron", None),
        ("the right great toe dorsiflexes with fanning of the other toes", "sign_upper_motor_neuron", None),
        ("the big toe is red, hot and swollen", None, "sign_upper_motor_neuron"),
        ("sharp dorsiflexion of the ankle sets off rhythmic beating of the foot", "sign_clonus", None),
        ("rhythmic contractions of the calf are seen on sudden dorsiflexion", "sign_clonus", None),
        ("rhythmic jerking of the left arm during the fit", None, "sign_clonus"),
        ("on flicking the nail of the middle finger the thumb flexes", "sign_hoffmann_positive", None),
        ("the thumb twitches into flexion when the middle fingertip is flicked", "sign_hoffmann_positive", None),
        # balance and cerebellum: Romberg, drift, dysdiadochokinesia, intention tremor, gait
        ("standing with feet together he sways on closing his eyes", "sign_romberg", None),
        ("steady with eyes open but she falls when the eyes are closed", "sign_romberg", None),
        ("she stands steadily with her feet together and her eyes closed", None, "sign_romberg"),
        ("with palms up and eyes shut, the left arm pronates and drifts downward", "sign_pronator_drift", None),
        ("the right hand drifts down and pronates when both arms are held out", "sign_pronator_drift", None),
        ("he is unable to perform rapid alternating movements with his left hand", "sign_cerebellar_test_impaired", None),
        ("rapid alternating movements are slow and clumsy on the right", "sign_cerebellar_test_impaired", None),
        ("a tremor that worsens as her finger approaches the target", "sign_limb_ataxia", None),
        ("the tremor worsens as the finger approaches the examiner's hand", "sign_limb_ataxia", None),
        ("he walks with his feet wide apart and sways", "sign_wide_based_gait", None),
        ("she staggers like a drunk", "sign_wide_based_gait", None),
        ("a broad-based unsteady gait and slurred speech", "sign_wide_based_gait", None),
        # parkinsonism: rest tremor, cogwheel and lead-pipe rigidity, festinating gait
        ("a coarse tremor of the right hand at rest", "sign_rest_tremor", None),
        ("the tremor disappears on movement and returns when his hands lie in his lap", "sign_rest_tremor", None),
        ("the fingers move as if rolling a pill between them", "sign_rest_tremor", None),
        ("jerky resistance to passive movement of the left wrist", "sign_cogwheel_rigidity", None),
        ("uniform resistance throughout the range of movement at the elbow", "sign_cogwheel_rigidity", None),
        ("he walks with short hurried steps and a stoop", "sign_parkinsonian_gait", None),
        ("once he gets going his steps get faster and faster", "sign_parkinsonian_gait", None),
        # foot drop and the high-stepping gait
        ("he lifts the knees high when he walks so his toes clear the floor", "sign_high_stepping_gait", None),
        ("she raises the foot high with each step", "sign_high_stepping_gait", None),
        ("his right foot slaps on the ground when he walks", "sign_foot_drop", None),
        ("he drags the toes of his left foot", "sign_foot_drop", None),
        # demyelination: Lhermitte, Uhthoff
        ("an electric feeling runs down the spine on flexing the neck", "sym_lhermitte", None),
        ("bending the neck sends tingling down into her arms", "sym_lhermitte", None),
        ("her vision always blurs after a hot bath", "trigger_warming", None),
        ("the leg weakness gets worse when body temperature rises", "trigger_warming", None),
        ("she takes hot showers because they ease the nausea", "relief_hot_shower", "trigger_warming"),
        # myasthenia: fatigable ptosis, the ice-pack test
        ("the right upper lid shows ptosis on sustained upgaze", "sign_fatigable_ptosis_view", None),
        ("the eyelid droops further after looking up for a minute", "sign_fatigable_ptosis_view", None),
        ("the ptosis resolves with an ice pack held over the lid for two minutes", "test_rns_decrement", None),
        ("an ice pack was applied to the swollen eyelid after the punch", None, "test_rns_decrement"),
        # proximal weakness: Gowers; hip abductors: Trendelenburg
        ("to get up off the floor he climbs up his legs with his hands", "sign_proximal_weakness", None),
        ("the boy pushes on his thighs with his hands to get upright", "sign_proximal_weakness", None),
        ("standing on the right leg, the pelvis drops on the opposite side", "sign_hip_abductor_weakness", None),
        ("the left side of the pelvis sags when she stands on her right leg", "sign_hip_abductor_weakness", None),
        # hand nerves: Tinel, Phalen, Froment, claw hand, wrist drop
        ("tapping over the carpal tunnel gives tingling in her index finger", "sign_positive_phalen_tinel", None),
        ("percussion over the median nerve at the wrist reproduces his symptoms", "sign_positive_phalen_tinel", None),
        ("holding the wrists fully flexed for a minute brings on the numbness", "sign_positive_phalen_tinel", None),
        ("tapping over the fibular head sends tingling into the foot", None, "sign_positive_phalen_tinel"),
        ("pain at the medial elbow on resisted wrist flexion", None, "sign_positive_phalen_tinel"),
        ("he flexes the thumb to grip a sheet of paper against his index finger", "sign_intrinsic_wasting", None),
        (
            "hyperextension of the ring and little fingers at the knuckles with the fingertips curled",
            "sign_intrinsic_wasting",
            None,
        ),
        ("after sleeping with his arm over a chair his hand hangs limply at the wrist", "sign_wrist_drop", None),
        ("she is unable to extend the wrist on the right", "sign_wrist_drop", None),
        # the face: upper against lower motor neurone weakness
        (
            "the mouth droops on the left but she is able to raise both eyebrows",
            "sign_forehead_sparing",
            "sign_forehead_involved",
        ),
        ("he wrinkles the forehead normally but cannot show his teeth on the right", "sign_forehead_sparing", None),
        ("he cannot raise his eyebrow or close his eye on the left", "sign_forehead_involved", "sign_forehead_sparing"),
        # eye movements and pupils: third nerve, Horner, light-near dissociation, RAPD
        ("the left eye is deviated downward and outward with a fixed dilated pupil", "sign_third_nerve_palsy", None),
        ("his right eye is turned down and outwards with a droopy lid", "sign_third_nerve_palsy", None),
        ("a droopy lid and a small pupil on the left with a dry left forehead", "sign_horner", None),
        ("the pupils constrict to a near object but not to light", "sign_argyll_robertson", None),
        ("both pupils do not react to light but constrict on convergence", "sign_argyll_robertson", None),
        ("on the swinging torch test both pupils dilate when the light is moved to the right eye", "sign_rapd", None),
        ("paradoxical dilation of the left pupil with the swinging flashlight", "sign_rapd", None),
        ("the pupils get bigger in a dark room", None, "sign_rapd"),
        # the fundus: papilloedema, cherry-red spot and box-car segmentation, cotton wool, blood and thunder
        ("fundoscopy shows indistinct disc margins in both eyes", "sign_papilloedema", None),
        ("the retina is white with a cherry red fovea", "sign_pale_retina_cherry_spot", None),
        ("boxcar segmentation of the blood in the retinal arterioles", "sign_pale_retina_cherry_spot", None),
        ("a red spot on her cheek", None, "sign_pale_retina_cherry_spot"),
        ("fluffy white spots on the retina near the disc", "sign_hypertensive_retinopathy", None),
        (
            "haemorrhages throughout all four quadrants with dilated tortuous retinal veins",
            "sign_retinal_haemorrhages_widespread",
            None,
        ),
        ("the fundus is covered in haemorrhages in the right eye", "sign_retinal_haemorrhages_widespread", None),
        ("she is long-sighted and wears plus glasses", "rf_hypermetropia", None),
        # the red eye: ciliary flush, hypopyon, dendritic ulcer, mid-dilated pupil, shallow chamber
        ("the redness is at the limbus rather than in the fornices", "sign_ciliary_injection", None),
        ("perilimbal injection with a small pupil", "sign_ciliary_injection", None),
        ("there is a layer of white cells at the bottom of the anterior chamber", "sign_hypopyon", None),
        ("white cells in the urine", None, "sign_hypopyon"),
        ("fluorescein shows a tree-like ulcer on the cornea", "sign_dendritic_ulcer", None),
        ("a linear branching lesion with terminal bulbs on the cornea", "sign_dendritic_ulcer", None),
        ("the pupil is semi-dilated and does not react to light", "sign_mid_dilated_pupil", None),
        ("the anterior chamber is shallow and the iris is bowed forward", "sign_shallow_anterior_chamber", None),
        ("gonioscopy shows a narrow angle in the left eye", "sign_shallow_anterior_chamber", "rf_hypermetropia"),
        # tuning forks: Weber and Rinne
        ("on the left bone conduction is heard better than air conduction", "sign_conductive_hearing_loss", None),
        ("the tuning fork is heard louder on the mastoid than at the ear canal", "sign_conductive_hearing_loss", None),
        ("Weber lateralises to the deaf ear", "sign_conductive_hearing_loss", "sign_sensorineural_hearing_loss"),
        ("Weber is heard louder in the good ear", "sign_sensorineural_hearing_loss", "sign_conductive_hearing_loss"),
        ("Weber lateralises away from the deaf ear", "sign_sensorineural_hearing_loss", None),
        # head injury: Battle sign, racoon eyes
        ("ecchymosis over the mastoid two days after the fall", "sign_racoon_eyes_battle_sign", None),
        ("retroauricular bruising on the right", "sign_racoon_eyes_battle_sign", None),
        ("bilateral periorbital ecchymoses after the assault", "sign_racoon_eyes_battle_sign", None),
        # the throat and jaw: uvula, hot-potato voice, trismus
        ("the uvula is pushed to the right by a bulge above the left tonsil", "sign_peritonsillar_swelling", None),
        ("the uvula sits in the midline", None, "sign_peritonsillar_swelling"),
        ("he talks as if he had a hot potato in his mouth", "sym_muffled_voice", None),
        ("mouth opening is limited to one finger's breadth", "sym_trismus", None),
        ("limited opening of the jaw since the wisdom tooth became infected", "sym_trismus", None),
        # the inner ear: Hennebert, Dix-Hallpike, head impulse
        ("pressure on the tragus brings on vertigo and nystagmus", "trigger_sound_or_pressure", None),
        ("nystagmus on pneumatic otoscopy of the left ear", "trigger_sound_or_pressure", None),
        ("pressing on the tragus hurts and the canal is swollen", None, "trigger_sound_or_pressure"),
        ("laid back quickly with the head turned to the left, she becomes dizzy", "sign_dix_hallpike_positive", None),
        ("torsional nystagmus after a latency of a few seconds", "sign_dix_hallpike_positive", None),
        (
            "when the head is turned quickly the eyes make a corrective movement back to the target",
            "sign_abnormal_head_impulse",
            None,
        ),
        ("on head turning to the right the eyes fail to stay on the target", "sign_abnormal_head_impulse", None),
        # asterixis, not the hand flapping of a child who is excited
        ("irregular flapping of the hands with the arms out and wrists cocked back", "sign_asterixis", None),
        ("a flapping of the outstretched hands in a jaundiced man", "sign_asterixis", None),
        ("he flaps his hands when he is excited", "sym_repetitive_behaviour", "sign_asterixis"),
        # a hard eye on palpation and a cupped disc with a side named inside the phrase
        ("on palpation the left eyeball is firm", "sign_raised_iop", None),
        ("his eyeball feels hard through the closed lid", "sign_raised_iop", None),
        ("the eyeball is soft and not tender", None, "sign_raised_iop"),
        ("there is cupping of the left optic disc", "sign_optic_disc_cupping", None),
        # a focal motor seizure told by what the limb did
        (
            "for two minutes her right arm was jerking rhythmically, jerking of the arm that she could not stop",
            "sym_focal_motor_seizure",
            None,
        ),
        ("an attack of twitching movements of the left arm, then he was drowsy", "sym_focal_motor_seizure", None),
        # reduced tone: a floppy baby only when said of an infant
        ("there is reduced tone in the right arm and leg after the stroke", "sign_hypotonia", "sign_floppy_infant"),
        ("a 5-month-old with low tone and poor feeding", "sign_floppy_infant", None),
        # "since birth" is the patient's own birth, not a mother's delivery
        ("a flat red mark on the cheek since birth", None, "postpartum"),
        ("she has had low mood since the birth of her daughter", "postpartum", None),
        # a mass placed in the neck is a neck lump, however the sentence parts it
        ("a rubbery mass is felt on the right side of the neck", "sign_neck_lump", None),
        ("on the neck there is a 2 cm hard mass", "sign_neck_lump", None),
        ("a mass in the left breast and a stiff neck", None, "sign_neck_lump"),
    ],
)
def test_sign_description_reads_its_sign(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)
