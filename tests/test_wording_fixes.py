"""Wordings that one finding used to swallow although they name another thing (helper wordsx):
each text must read the expected finding and must not read the old misreading."""

from __future__ import annotations

import pytest

from support.reading import assert_reads


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("cervical lymphadenopathy for a month", "sign_cervical_lymphadenopathy", "sign_generalised_lymphadenopathy"),
        ("lymph nodes in the neck are enlarged", "sign_cervical_lymphadenopathy", "sign_generalised_lymphadenopathy"),
        ("breathless when she climbs the stairs", "trigger_exertion", "trigger_stairs_squatting"),
        ("he lost consciousness briefly", "sym_syncope", None),
        ("a palpable thrill at the apex", "sign_palpable_thrill", "sign_continuous_bruit_thrill"),
        ("plethoric face and headaches", "sign_plethora", "sign_cushingoid"),
        ("teenage boy with gynaecomastia", "sym_male_breast_enlargement", "sign_liver_stigmata"),
        ("CT shows ground-glass change in both lungs", None, "sign_crepitus"),
        ("biopsy shows microabscesses in the dermal papillae", None, "sign_conjunctival_papillae"),
        ("endoscopy shows a mucosal laceration", None, "rf_skin_break"),
        ("grouped vesicles on the knees", "sign_vesicular_rash", "sign_dermatomal_vesicular_rash"),
        ("feels hungry and shaky", "sym_hunger", "trigger_fasting"),
        ("started spironolactone last month", "med_potassium_raising", None),
        ("a craving for salty food", "sym_salt_craving", "sym_drug_craving"),
        ("the baby went limp in my arms", "sign_went_limp", "sign_limp"),
        ("primary amenorrhoea at 16", "sym_primary_amenorrhoea", "sym_delayed_puberty"),
        ("the child turned blue", "sign_central_cyanosis", "sign_cyanotic_leg"),
        ("bone marrow aspiration yields a dry tap", "lab_marrow_fibrosis", "lab_csf_low_opening_pressure"),
        ("coronary angiography shows no obstructive lesions", None, "rf_femoral_catheterisation"),
        ("mammogram shows microcalcifications", None, "imaging_suspicious_thyroid_nodule"),
        ("a painless ulcer with a clean base", "sign_chancre", "rf_nail_trauma"),
        # upgoing plantars are an upper motor neurone sign, not brisk reflexes (absent knee jerks
        # with extensor plantars: subacute combined degeneration, Friedreich's ataxia)
        ("knee jerks are absent and both plantars upgoing", "sign_upper_motor_neuron", "sign_brisk_reflexes_graded"),
        ("knee jerks absent, the rest of the reflexes normal", "sign_reduced_knee_reflex", "sign_areflexia"),
        (
            "pericardial tap gave a straw-coloured lymphocytic exudate",
            "test_pericardial_lymphocytic_exudate",
            "test_pleural_lymphocytic_exudate",
        ),
        ("after pericardiocentesis the fluid showed raised ADA", "test_pericardial_high_ada", "test_pleural_high_ada"),
        ("rigors half an hour into today's transfusion", "rf_transfusion_now", None),
        ("punched in the head outside a pub", "rf_head_injury", None),
        ("head injury with a brief LOC", "sym_loc_after_head_injury", None),
        ("knocked down, then lucid, then drowsy", "sym_lucid_interval", None),
        ("sliced her middle finger on a tin lid", "rf_hand_laceration", None),
        ("can't bend the tip of the little finger", "sign_cannot_flex_fingertip", None),
        (
            "a pulsatile swelling in the right groin after his angiogram",
            "sign_pulsatile_groin_mass",
            "sign_pulsatile_abdominal_mass",
        ),
        ("pulsatile lump at the back of the knee", "sign_popliteal_pulsatile_mass", "sign_pulsatile_abdominal_mass"),
        ("a soft murmur can be heard over the thyroid", "sign_bruit", "sign_heart_murmur"),
        ("drinks 5–6 beers a day", "rf_alcohol", None),
        ("Urine microscopy\nRBC casts  nil\nWBC casts  none", None, "lab_red_cell_casts"),
        (
            "her blood pressure has not responded to ramipril and amlodipine",
            "rf_no_response_to_treatment",
            "sym_reduced_consciousness",
        ),
        ("after the fall he does not respond to voice", "sym_reduced_consciousness", "sym_hallucinations"),
        ("barium follow-through: narrowing of the terminal ileum", "imaging_terminal_ileitis", None),
        # feeling hot now is no lifelong intolerance of heat
        ("an hour later he says he feels hot and shivery", None, "sym_heat_intolerance"),
        ("she feels hot all the time, even in winter", "sym_heat_intolerance", None),
        ("two episodes of ascending cholangitis last year", None, "sym_ascending"),
        ("since lunchtime his urine is bright red", "lab_haematuria", "sign_erythema"),
        ("the toddler refuses to weight bear on the left", "sign_unable_to_bear_weight", None),
        ("foot cold, DP and PT absent", "sign_absent_pulses", None),
        ("since the cast went on he can't feel his toes", "quality_numbness", None),
        ("roofer who fell off the roof onto his feet", "trigger_dangerous_mechanism", None),
        (
            "X-ray: Lisfranc fracture-dislocation after a fall down the stairs",
            "imaging_lisfranc_injury",
            "imaging_charcot_changes",
        ),
        (
            "newborn after a shoulder dystocia: Moro reflex brisk on the left but absent on the right",
            "sign_asymmetric_moro",
            None,
        ),
        (
            "the baby's left arm lies limp at her side, adducted and internally rotated",
            "sign_waiters_tip_arm",
            "sign_arm_locked_internal_rotation",
        ),
        # the reason for an earlier admission is an illness that was, not today's symptom
        ("her history includes a previous admission for severe vomiting", None, "sym_vomiting"),
        ("he was hospitalised for confusion in the spring and today has chest pain", "sym_chest_pain", "sym_confusion"),
        # how often urine is passed, told as "every so often", is frequency, and no duration
        ("she's weeing every 15 minutes and it stings", "sym_urinary_frequency", "duration_days"),
        ("keeps having to go to the loo every hour", "sym_urinary_frequency", None),
        # an episode's length is no duration of the complaint; the pain that then goes is episodic
        ("the cramps under her ribs last about an hour and then settle", "timing_episodic", "duration_days"),
        ("attacks of giddiness, each lasting a few hours", None, "duration_days"),
        ("she has had a sore throat lasting 2 days", "duration_days", None),
        # red spots becoming small blisters come in crops (chickenpox), not as bullae
        ("little red spots on his back which turned into blisters", "sign_crops_of_vesicles", "sign_bullae"),
        # a squeeze test at the ankle is the syndesmosis one, not the adductor squeeze at the groin
        ("left ankle after a skiing fall: positive squeeze test", "sign_syndesmosis_tests", "sign_resisted_adduction_pain"),
        # the word toddler is an age band of its own
        ("our toddler won't put weight on his leg", "age_toddler", None),
        # "X is followed by Y" orders events; only "being followed" is a fear of pursuit
        ("the enema was followed by a rush of liquid stool", None, "sym_paranoia"),
        ("he is sure he is being followed by the police", "sym_paranoia", None),
        # a newborn who cannot latch feeds poorly; the cracked nipples are the mother's
        ("day-3 baby with poor latch and few wet nappies", "sym_breastfeeding_difficulty", "sym_cracked_nipples"),
        # pupils that spare the near response are light-near dissociation, no constricting pain
        ("pupils react sluggishly to light but briskly to a near target", "sign_argyll_robertson", "quality_pressing_pain"),
        ("cannot look upward and has headaches", "sign_upgaze_palsy", None),
        # a walker who tends to fall is unsteady, not injured
        ("walking heel to toe she tends to veer to the right", "sym_unsteady_gait", "rf_trauma"),
        # a conviction of being loved by someone, or sent secret signs, is an erotomanic delusion
        ("she insists the bank manager is secretly in love with her", "sym_fixed_false_belief", None),
        # an intense fear of one thing is a phobia; a fear of weight gain is not
        ("extreme fear of thunderstorms since she was a girl", "sym_phobic_fear", None),
        ("an intense fear of getting fat despite being thin", "sym_fear_of_weight_gain", "sym_phobic_fear"),
        # paralysis is profound weakness
        ("woke unable to move her legs", "quality_weakness", None),
        # a peak told with "has gone up to", "reached" or "up to" is the value
        ("his temperature has gone up to 38.9 overnight", "sym_fever", None),
        ("temp up to 39.2 yesterday evening", "sym_fever", None),
        ("her temperature reached 38.7 despite ibuprofen", "sym_fever", None),
        # an enlarged scrotal sac, or a lump felt in the scrotum, is a scrotal swelling
        ("on examination the left scrotal sac is markedly enlarged", "sym_scrotal_swelling", None),
        ("a firm lump is felt in the right hemiscrotum", "sym_scrotal_swelling", None),
        ("his right hemiscrotum is swollen and tender", "sym_scrotal_swelling", None),
        # a pressure that will not come down on treatment is resistant hypertension
        ("started on ramipril and amlodipine but the BP has not come down", "rf_resistant_hypertension", None),
        ("high blood pressure despite three antihypertensives", "rf_resistant_hypertension", None),
        # periods missed, however counted or named
        ("she has missed her last three periods", "sym_missed_period", None),
        ("since the spring she has not had her menses", "sym_missed_period", None),
        # a child who does not answer when spoken to is not unconscious
        ("3-year-old who smiles but doesn't respond when spoken to", "sym_no_response_to_sound", "sym_reduced_consciousness"),
        # a pleural fluid protein alone sorts transudate from exudate (Heffner 1997: above 29 g/L)
        ("pleural tap: straw-coloured fluid, protein 18 g/L", "test_pleural_transudate", "test_pleural_exudate"),
        (
            "diagnostic thoracentesis gives turbid fluid with a protein of 5.1 g/dL",
            "test_pleural_exudate",
            "test_pleural_transudate",
        ),
        # contrast narrowed in the ileum, or to a string's width, is the string sign
        (
            "small bowel follow-through: narrowing of the contrast column within the distal ileum",
            "imaging_terminal_ileitis",
            None,
        ),
        # one bout of vomiting is a count, not a first episode of the illness
        ("retching with 1 episode of vomiting this morning", "sym_vomiting", "sym_first_event"),
        ("this is his first episode of chest pain", "sym_first_event", None),
        # skin that has become darker is pigmentation, not a dark complexion
        ("over the winter his skin has got darker and he is tired", "sign_skin_bronzing", "rf_low_sun_exposure"),
        # bleeding "like a period" is vaginal bleeding
        ("7 weeks pregnant with bleeding like a heavy period", "sym_vaginal_bleeding", None),
        # a complaint that started today has lasted under a day
        ("hives that started today after a new soap", "duration_days", None),
        # a shadow at the top of a lung is an apical opacity, wherever the report puts the words
        ("x-ray: patchy infiltrates in both upper lobes", "imaging_upper_lobe_changes", None),
        # breath or lung sounds, however named
        ("decreased lung sounds on the left", "sign_reduced_breath_sounds", None),
        # pain that goes when the patient rests is relieved by rest, not pain at rest
        ("the ache in his calves eases once he stops walking", "relief_rest", "timing_rest"),
        # a smell down below is an offensive discharge; a smell on adding KOH a positive whiff test
        ("bothered by a vaginal odour for a week", "sym_offensive_vaginal_discharge", None),
        ("potassium hydroxide added to the sample releases a fishy smell", "lab_bv_positive", None),
        # an operation booked for later has not been done
        ("she is booked for a laparoscopic cholecystectomy next month", None, "rf_cholecystectomy"),
        # how long a relationship has lasted is no duration of the complaint
        ("with the same partner for six years, now itchy for 3 days", "duration_days", "duration_chronic"),
        # angina that now comes with less effort is a crescendo pattern
        (
            "it used to come on at the gym; now she has chest tightness when she walks to the car",
            "sym_unstable_angina_pattern",
            None,
        ),
        # the red cell indices are not the haemoglobin; an MCV over the red cell count under 13 is
        # the Mentzer index of thalassaemia trait (Mentzer 1973)
        ("FBC: mean corpuscular haemoglobin 19 pg, MCHC 31 g/dL", None, "lab_haemoglobin_above_16_5"),
        ("Hb 11.0 g/dL, MCV 62 fL, red cell count 5.9 x10^12/L", "lab_high_red_cell_count", None),
        ("Hb 9.0 g/dL, MCV 70 fL, red cell count 3.8 x10^12/L", "lab_microcytosis", "lab_high_red_cell_count"),
        ("MCV 68 μm3 on the blood count", "lab_microcytosis", None),
        # sitting down alone eases a narrowed spinal canal; resting eases claudication
        ("his calf pain goes away when he sits and rests", "relief_rest", None),
        # a programme or a job recently started is no new medicine
        ("she recently started a strict diet and a new job", None, "rf_recent_drug_change"),
        ("rash since starting a new medication", "rf_recent_drug_change", None),
        # hairless patches on the scalp are patchy hair loss; hairless shiny shins are the leg's ischaemia sign
        ("round hairless patches on the back of his scalp", "sign_patchy_hair_loss", "sign_hair_loss_shiny_skin"),
        ("shiny hairless shins and cold feet", "sign_hair_loss_shiny_skin", None),
        # a mass on a brain scan is a space-occupying lesion; an operation planned is not yet done
        (
            "CT of the head showed a large mass in the right parietal lobe; surgery is planned",
            "imaging_brain_tumour",
            "rf_recent_surgery",
        ),
        # a partner's infidelity believed without cause, or any belief held despite no evidence, is a delusion
        ("she insists her husband has been seeing someone else at work", "sym_delusions", None),
        ("he is certain the water supply is contaminated, despite evidence to the contrary", "sym_delusions", None),
        (
            "certain her bowels have stopped and her body is dead inside; believes she deserves to die",
            "sym_mood_congruent_delusions",
            None,
        ),
        # a gap in memory for a stretch of time is amnesia for it, not a denial of what happened then
        ("he can't recall what happened during the night of the fire", "sym_amnesia_for_event", None),
        ("she does not remember anything about the day she was mugged", "rf_traumatic_event", None),
        ("he got beaten up outside a bar last month", "rf_traumatic_event", None),
        # seeing oneself from outside is depersonalisation, not being watched
        ("feels as though she is watching herself from a distance", "sym_depersonalisation", "sym_paranoia"),
        # places where escape or help would be hard, or crowds and buses feared, are agoraphobic fear
        ("stays home because getting out of a crowded shop would be hard to escape from", "sym_agoraphobic_fear", None),
        ("terrified of using public transportation or standing in queues", "sym_agoraphobic_fear", None),
        # a counted number of checks is a compulsion; thoughts one cannot stop are intrusive
        ("she goes back to check the oven is off thirty times a night", "sym_compulsions", None),
        ("checks the back door locks dozens of times before bed", "sym_compulsions", None),
        ("he can't stop worrying that his hands carry germs", "sym_obsessions", None),
        # many consultations and every test normal are the course of unexplained symptoms
        ("all of her investigations, including a colonoscopy, came back normal", "sym_multiple_unexplained_symptoms", None),
        ("he has attended the emergency department six times since March", "sym_health_anxiety", None),
        # a collapse the patient saw is another person's, not the patient's
        ("went mute after watching her brother collapse at dinner", "rf_traumatic_event", "sym_syncope"),
        # influencing events by thought is magical thinking; speech odd in its manner is eccentric
        ("believes she can prevent accidents with her thoughts", "sym_magical_thinking", None),
        ("talks in a stilted, overelaborate manner", "sign_eccentric_appearance", None),
        # legs giving way with a laugh is cataplexy; images on falling asleep are hypnagogic
        ("every time she laughs, her legs give way", "sym_cataplexy", "rf_trauma"),
        ("hears voices just as he is drifting off to sleep", "sym_sleep_paralysis_hallucinations", None),
        ("keeps nodding off in the middle of meetings", "sym_excessive_sleepiness", None),
        # pain with a deep breath is pleuritic; a deep breath asked for at auscultation is not pain
        ("it catches in my side whenever I take a big breath", "sym_pleuritic_chest_pain", None),
        ("he was told to breathe deeply while the doctor listened to his chest", None, "sym_pleuritic_chest_pain"),
        # a split S2 that closes on inspiration is paradoxical splitting
        ("S2 splitting narrows with inspiration", "sign_soft_s2", None),
        # chamber sizes: a large left atrium is not diastolic dysfunction; a dilated ventricle is not a low EF
        ("echo: the left atrium is enlarged, normal LV", "imaging_left_atrial_enlargement", "imaging_diastolic_dysfunction"),
        (
            "echocardiogram shows a dilated left ventricle with an ejection fraction of 60%",
            "imaging_lv_dilatation",
            "imaging_lv_systolic_dysfunction",
        ),
        # a trip within the United States is no travel abroad; the place still names its exposures
        ("home last week from a fishing holiday in Minnesota", None, "rf_recent_travel_abroad"),
        ("came back from a work trip to Arizona five days ago", "rf_coccidioides_exposure", "rf_recent_travel_abroad"),
        ("just got back from a holiday in Kenya", "rf_recent_travel_abroad", None),
        # meconium told as not passed, even inside a list of denials, is delayed meconium
        ("day 3 of life, has not fed well or passed meconium yet", "sym_delayed_meconium", None),
        ("meconium passed within 12 hours of birth", None, "sym_delayed_meconium"),
        # the features of Down syndrome are the syndrome, for the conditions that come with it
        ("newborn with upslanting palpebral fissures and a sandal gap", "rf_down_syndrome", None),
        # loose stools with another describing word stacked before the noun, or said after it
        ("runny, offensive stools since the weekend", "sym_diarrhoea", None),
        ("since Tuesday her stools are loose", "sym_diarrhoea", None),
        # painful swelling of the hands and feet that keeps coming back is dactylitis, not oedema
        ("as a toddler she had bouts of swelling of her hands and feet with crying", "sign_dactylitis", None),
        ("swollen hands and feet after the long flight", None, "sign_dactylitis"),
        # the humeral head's osteonecrosis is its own, not the femoral head's
        ("MRI: a crescent sign in the humeral head", "imaging_humeral_head_osteonecrosis", "imaging_femoral_head_osteonecrosis"),
        # a lesion on the lower or upper lip is on the face
        ("a crusted nodule on her lower lip", "site_face", None),
        ("accusing her husband of infidelity with every woman he speaks to", "sym_delusions", None),
        # a crusty lesion is a keratotic lesion, a crusted nodule a keratotic nodule
        ("scaly, crusty lesions on his bald scalp that come back when picked", "sign_keratotic_lesion", "sign_keratotic_nodule"),
        ("a rapidly enlarging crusted nodule on the ear", "sign_keratotic_nodule", None),
        # years of outdoor work are years of sun on the skin
        ("she was a gardener for thirty years", "rf_chronic_sun_exposure", None),
        ("worked as a roofer until he retired", "rf_chronic_sun_exposure", None),
        # a child measured against other children is growing poorly
        ("she isn't putting on weight like her twin sister", "sym_faltering_growth", None),
        ("at 9 he is falling behind his brother in height", "sym_faltering_growth", None),
        # a kidney with no venous signal on Doppler has an occluded renal vein
        ("renal Doppler: swollen left kidney, no venous flow", "imaging_renal_vein_thrombus", None),
        # a skin lesion growing over weeks or months grows fast for the skin; a mole that grows is changing
        ("a scaly spot on his scalp that keeps getting bigger", "sign_rapidly_growing_lump", None),
        ("a lipoma-like lump that has been growing slowly over years", None, "sign_rapidly_growing_lump"),
        ("the mole on his shin is changing shape", "sign_mole_changing", None),
        ("a breast lump, enlarging since March", None, "sign_rapidly_growing_lump"),
        # relatives visited abroad are the patient's travel; a fever pattern is a fever
        ("back a week ago from seeing friends... visiting friends in Malawi for a month", "rf_travel_malaria_area", None),
        ("she gets a temperature every 48 hours with rigors", "sym_fever", None),
        # fluid from a breast is nipple discharge; blood in it, told later, is blood-stained discharge
        ("a clear fluid leaking from her right breast for a month", "sym_nipple_discharge", None),
        ("discharge from the left nipple; she says the discharge is often bloody", "sym_bloody_nipple_discharge", None),
        # inability to do a thing is being unable to; a wound from a nail is a tetanus-prone puncture
        ("complete inability to open the mouth since Tuesday", "sym_trismus", None),
        ("cut his hand on a rusty nail in the shed", "rf_wound", None),
        # an infection treated in the past is its history; decidua without villi is a pregnancy outside the uterus
        ("years ago she was treated for gonorrhea", "rf_sexually_transmitted_infection", "sym_urethritis"),
        ("curettage: decidual reaction, no chorionic villi seen", "imaging_no_intrauterine_pregnancy", None),
        # after "denies" a comma list is denied item by item; a sign at a place ends the list
        ("She denies headache, photophobia.", None, "sym_photophobia"),
        ("denies chest pain, swollen right calf", "quality_swelling", None),
        # yellow eyes or skin however told is jaundice; a heart beating fast is palpitations
        ("his wife noticed a yellowish colour to the whites of his eyes", "sign_jaundice", None),
        ("at night her heart started pounding really hard", "sym_palpitations", None),
        # a raised maternal serum AFP is a fetal finding, not an adult's raised AFP
        ("16 weeks pregnant, the quad screen shows an increased MSAFP", "lab_high_maternal_afp", "lab_high_afp"),
        # a scapula lifting off the chest wall as the arm pushes is winging
        ("pressing on the wall makes his left shoulder blade stick out", "sign_scapular_winging", None),
        # writhing movements of a limb are choreoathetosis; writhing in pain is not
        ("his left hand keeps making slow writhing motions he cannot stop", "sym_chorea", None),
        ("writhing on the trolley with loin pain", None, "sym_chorea"),
        # a first stool on day 3 is delayed meconium; fluid in the fetal skin is hydrops
        ("baby's first dirty nappy was not until day 4", "sym_delayed_meconium", None),
        ("scan at 22 weeks: oedema of the fetal skin and a small pericardial effusion", "imaging_fetal_anaemia_hydrops", None),
        # mucous membranes told as spared deny mucosal involvement
        ("widespread peeling of the skin; the oral mucosa is spared", "sign_skin_peeling", "sign_mucosal_involvement"),
        # hyperpigmented skin is the diffuse darkening of adrenal insufficiency or haemochromatosis
        ("exam: hyperpigmented skin, worst on the knuckles", "sign_skin_bronzing", None),
        # a relative or classmate with the same lesions is a contact with the same illness
        ("two of his classmates have identical spots on their hands", "rf_sick_contacts", None),
        # years since a diagnosis or treatment date the history, not the complaint
        (
            "Four years ago he was diagnosed with gout. Now his left knee is hot and swollen.",
            "site_knee",
            "duration_over_2_years",
        ),
        (
            "she was found to have atrial fibrillation six years ago and has chest pain today",
            "sym_chest_pain",
            "duration_over_2_years",
        ),
        # bare restlessness is the inner kind (anxiety, withdrawal, akathisia); the legs' urge is told with the legs
        ("he is restless and keyed up most of the day", "quality_inner_restlessness", "quality_urge_to_move"),
        ("her legs feel restless in the evening", "quality_urge_to_move", None),
        # worry over several everyday matters is generalised worry
        ("she worries about money, her marriage and her son's exams", "sym_anxiety", None),
        ("he worries about lots of little things", "sym_anxiety", None),
        # a fear of others' judgement is social fear however it is put
        ("he is afraid people will laugh at him when he reads aloud", "sym_social_fear", None),
        # a terror of one situation, even at the thought of it, is a phobia; not a fear of a person
        ("she is terrified of thunderstorms and hides in the cellar", "sym_phobic_fear", None),
        ("he refuses to drive over bridges and gets petrified even thinking about one", "sym_phobic_fear", None),
        ("she is terrified of her ex-partner", None, "sym_phobic_fear"),
        # a second verb after "and" is told, not denied with the first
        ("she will not take the lift and becomes terrified when she thinks of one", "sym_phobic_fear", None),
        # a child's repeated blinking and words called out are tics
        ("8 year old with repetitive blinking and blurting out words in class", "sym_tics", None),
        ("8 year old with repetitive blinking and blurting out words in class", "sym_vocal_tics", None),
        # an illness named in the medical history is no quality of today's pain
        ("Past medical history is notable for renal colic and gout. She has a rash.", None, "quality_colicky"),
        # a bracketed abbreviation after the site ends it
        ("there is tenderness in the right upper quadrant (RUQ) on palpation", "sign_ruq_tenderness", None),
        # a tremor of the hands is a tremor, not a complaint of the hands
        ("she has noticed a fine tremor in both hands", "sign_tremor", "sym_hand_symptoms"),
        # paracetamol in an ordinary dose is told; one dose word spans both drugs named after it
        ("he took a couple of acetaminophen tablets for a toothache", "med_paracetamol", "rf_paracetamol_overdose"),
        ("she has been taking large amounts of paracetamol and ibuprofen for back pain", "rf_paracetamol_overdose", None),
        ("she has been taking large amounts of paracetamol and ibuprofen for back pain", "rf_nsaid_use", None),
        ("20 hours after swallowing about 30 tablets of paracetamol", "rf_paracetamol_overdose", None),
        # "induced" of anything but labour is no induction of labour
        ("sedation was induced and he was ventilated", None, "rf_oxytocin_induction"),
        ("she is being induced tomorrow at 41 weeks", "rf_oxytocin_induction", None),
        # a local anaesthetic named bare is one given
        ("the cut was sutured under local anaesthetic an hour ago", "rf_recent_local_anaesthetic", None),
        # an anaemia iron has not corrected
        ("on ferrous fumarate for two months and her haemoglobin has not improved", "lab_anaemia_refractory_to_iron", None),
        ("microcytic anaemia that did not respond to iron", "lab_anaemia_refractory_to_iron", None),
        # normal vital signs include a normal blood pressure
        ("her vital signs are within normal limits", "sign_normotensive", None),
        # lay tellings: an age without its apostrophe, "sugar" and "pressure", a blood pressure "up"
        ("my dad hes 81 and keeps falling", "age_older", None),
        ("my aunt has had sugar for years and pressure as well", "rf_diabetes", None),
        ("my aunt has had sugar for years and pressure as well", "rf_hypertension", None),
        ("he had chest pain and pressure too", "sym_chest_pain", "rf_hypertension"),
        ("the nurse said her blood pressure was a little high last week", "sign_raised_bp", None),
        # a pregnancy told by its number and weeks; a birth told by "our baby"
        ("second baby, 31 wks, tummy pains", "pregnancy", "age_infant"),
        ("my partner had our baby five days ago and is not sleeping", "postpartum", "age_infant"),
        # rings that do not fit beside a swelling are swollen hands, not acromegaly
        ("her feet are puffy and her rings won't go on", None, "sign_acromegalic_features"),
        ("her face and ankles have swelled up", "quality_swelling", None),
        # a mother who says her baby is not hers holds a delusion
        ("she keeps saying the baby is not hers", "sym_delusions", None),
        # a relative who died in their sleep young died suddenly
        ("her brother passed away in his sleep at 24", "rf_family_history_sudden_death", None),
        # a part "killing" the patient is a pain of it; big neck glands are nodes; a tight chest is no stiff joint
        ("his throat is killing him since Monday", "sym_sore_throat", None),
        ("she has glands in her neck like marbles", "sign_cervical_lymphadenopathy", None),
        ("my chest gets tight when I walk fast", "sym_chest_pain", "quality_stiffness"),
        # a pet's illness is not the patient's
        ("our dog has been throwing up as well", None, "sym_vomiting"),
        # "me" for "my"; "right in the middle" is no side; positions and breaths told as clauses
        ("I've a pain in me chest since this morning", "sym_chest_pain", None),
        ("an ache right in the middle of his back", None, "lat_right"),
        (
            "the pain is much worse when she lies flat and eases if she leans forward it's a lot better",
            "relief_sitting_forward",
            None,
        ),
        ("worse when I lie down or take a deep breath", "sym_pleuritic_chest_pain", None),
        ("she has had a bit of a temp since yesterday", "sym_fever", None),
        # a band of redness with small blisters that stops at the midline is one dermatome's rash
        (
            "a stripe of red with tiny blisters across his left flank that does not cross the midline",
            "sign_dermatomal_vesicular_rash",
            None,
        ),
        ("tiny blisters came up on his chest", "sign_vesicular_rash", "sign_bullae"),
        # a doctor pressing on the belly examines it; lay names for atrial fibrillation; long road travel
        ("the GP pressed on her tummy and it was soft", None, "quality_pressing_pain"),
        ("my grandad has an irregular heart thing", "rf_atrial_fibrillation", None),
        ("she had a 9 hour drive back from the coast", "rf_immobility", None),
        ("she is on Rigevidon", "rf_estrogen", None),
        # a grade the vocabulary names stays ("severe anaemia" is its own finding, not plain anaemia)
        ("she has severe anaemia on the ward bloods", "lab_severe_anaemia", None),
        ("he has severe neutropenia after chemotherapy", "lab_severe_neutropenia", None),
        # "FH of" is not "of of"; "FH heard" is the fetal heart; EDS is Ehlers-Danlos; EDM is the murmur
        ("FH of sudden cardiac death in his 30s", "rf_family_history_sudden_death", None),
        ("FH heard at 140", "sign_fetal_heart_normal", "rf_family_history_sudden_death"),
        ("known hypermobile EDS", None, "sign_diastolic_murmur"),
        ("an EDM at the left sternal edge", "sign_diastolic_murmur", None),
        # tilting the head to one side is a head tilt, not neck flexion
        ("the toddler tilts her head to the right", "sign_head_tilt", None),
        # a symptom told with "never feel" is not a denied feeling
        ("says his bladder never feels empty", "sym_poor_urinary_stream", None),
        ("she has burns on her fingers, burns she did not feel", "sym_painless_injuries", None),
        ("he does not feel guilty about it", None, "sym_worthlessness_guilt"),
        # a dipstick grade in brackets; "both of his parents" are his parents
        ("dipstick: blood (++) and protein (+++)", "lab_proteinuria", None),
        ("both of her parents died in a fire last year", "rf_bereavement", None),
        # text-speak and other Englishes: "n", "v", "thru", a time "back", "BP patient", "head ake"
        ("cough n fever since 3 days, v tired", "sym_fever", None),
        ("pain started 2 days back, going thru to the back", "sym_pain_through_to_back", None),
        ("vomiting started 2 days back", None, "site_low_back"),
        ("grandfather 70 BP patient, dizzy", "rf_hypertension", "rf_family_history_hypertension"),
        ("my dad is a sugar patient for 10 years", "rf_diabetes", None),
        ("v bad head ake since morning", "sym_headache", None),
        ("chest pain; his uncle has high BP", "rf_family_history_hypertension", "rf_hypertension"),
        ("he has high BP", "rf_hypertension", None),
        # a misspelling with a letter added is corrected; a fever's reading glued to its scale is no age
        ("feaver and cough", "sym_fever", None),
        ("fever 104F since morning", "sign_core_temp_above_40", "age_older"),
        # a face that does not move, water dribbling from one side of the mouth
        ("left side of face not moving since morning", "sym_facial_weakness", None),
        ("tea dribbling from the corner of her mouth", "sym_facial_weakness", "sym_drooling"),
        # parts said all to be fine are denied
        ("arms legs all fine, only the face", None, "site_lower_limb"),
        # blood pressures told by arm, a pain "like something tearing", fever on alternate days
        ("BP left arm 170 right arm 125", "sign_pulse_deficit", None),
        ("pain like something is ripping inside", "quality_tearing", None),
        ("chills and fever every alternate day", "timing_cyclical_fever", None),
        # a relative followed by "on" and a treatment is the patient
        ("mother on chemo, fever tonight", "rf_immunosuppressant_or_chemo", None),
        ("swelling on the edge of the lower eyelid", "sign_eyelid_lump", None),
        # others around with the same illness; aches "like bones breaking"; pain behind both eyes
        ("lots of people in our building have the same", "rf_sick_contacts", None),
        ("high fever, body pain like bones breaking", "quality_myalgia", None),
        ("fever with pain behind both eyes", "sym_retro_orbital_headache", None),
        # small water blisters that came in a band, not crossing the middle
        (
            "small water blisters came up in a band on her left side, not crossing the middle",
            "sign_dermatomal_vesicular_rash",
            None,
        ),
        # the "hand" as the whole arm; a limb "not working"; a mouth turned to one side; speech "not clear"
        ("suddenly her left hand n leg not working", "sign_hemiparesis", None),
        ("heavy pain going to his left hand and jaw", "sym_chest_pain_radiating_arm_jaw", None),
        ("his mouth went to one side at lunch", "sym_facial_weakness", None),
        ("since this morning his speech is not clear", "sym_dysarthria", None),
        # nights without sleep, talking fast; "papa" names the patient
        ("no sleep for 3 nights and talking fast", "sym_reduced_need_for_sleep", None),
        ("no sleep for 3 nights and talking fast", "sym_pressured_speech", None),
        ("my papa 71 has a cough", "age_older", None),
    ],
)
def test_wording_reads_its_own_finding(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


def test_acute_dystonia_names_the_acute_condition(core):
    kb = core.kb
    assert "acute dystonic reaction" in [s.lower() for s in kb.conditions["acute_dystonic_reaction"].synonyms]
    assert "acute dystonic reaction" not in [s.lower() for s in kb.conditions["dystonia"].synonyms]


def test_a_non_tender_thyroid_denies_thyroid_tenderness(core):
    """Subacute thyroiditis is painful; a goitre told non-tender argues against it."""
    found = core.extractor.extract("on examination the thyroid is enlarged; the gland is firm and non-tender")
    assert "sign_goitre" in found.present and "sign_tender_thyroid" in found.absent
    nodule = core.extractor.extract("a nontender thyroid gland with a nodule on the left")
    assert "sign_thyroid_nodule" in nodule.present and "sign_tender_thyroid" in nodule.absent


def test_nuclear_clearing_is_no_ring_shaped_rash(core):
    found = core.extractor.extract("FNA cytology: nuclei with central clearing and grooves")
    assert "sign_annular_lesion" not in found.present
