package phi

// The word lists of the name and place detectors (names.go, table.go,
// place.go). They are read only.

var (
	honorifics = wordSet("mr mrs ms miss mx mstr")

	// notNames are capitalised words that follow "patient", an honorific
	// or a label in headings, titles and sentences, and are not names.
	notNames = wordSet(`
		a an the this that these those his her their our your my its
		and or but nor if when while who whom whose which what where why how
		is was are were be been being has had have do does did will would can could should may might must
		in on at of for to from by with without into onto over under after before during since until per via
		not no yes all any each every some many more most other another such same
		he she they it we you i me him them us one two three four five six seven eight nine ten zero
		first second third fourth fifth last final next previous initial early late new old
		monday tuesday wednesday thursday friday saturday sunday
		january february march april may june july august september october november december
		patient patients pt pts person people man woman men women boy girl child children baby infant
		adult adults elderly family relative relatives carer carers caregiver caregivers
		health care safety education information advice leaflet leaflets handout handouts
		questionnaire survey reported report reports outcome outcomes experience experiences
		centered centred controlled analgesia portal record records chart charts notes note
		summary history histories story stories journey journeys voice voices
		group groups unit units ward wards room rooms bed beds bay clinic clinics hospital
		department team teams service services board list lists census tracker tracking
		rights advocate advocacy satisfaction flow transfer transfers transport
		assessment assessments score scores scale scales index tool tools test tests
		identification identifier identifiers identity consent privacy data access
		case cases example examples scenario scenarios vignette vignettes
		self management monitoring monitor support engagement activation preference preferences
		decision decisions aid aids instructions discharge admission admissions follow up
		protection protocol protocols pathway pathways selection population demographics
		characteristics factor factors position positioning blood medicine medicines
		medication medications drug drugs dose doses specific level levels fall falls risk risks
		acuity mix volume volumes number numbers id name names status profile profiles
		sample samples characteristics details detail info contact contacts
		male female unknown anonymous anonymised anonymized redacted withheld none
		admitted discharged transferred presented seen treated reviewed
		emergency acute chronic critical intensive primary secondary tertiary general
		medical surgical clinical nursing nurse nurses doctor doctors physician physicians
		fever sepsis shock pain cancer stroke heart lung kidney liver brain
		mg mcg ml kg
		nothing something anything everything out these diagnosis diagnoses
		young younger older elderly pregnant obese healthy frail septic diabetic
		institute association society college organisation organization agency council foundation
		ministry centre center academy federation alliance campaign trust network consortium
		collaboration committee task force guideline guidelines standard standards
		university school faculty hospitals clinic royal national international american british european
		dr doctor prof professor sir dame rev reverend nurse sister matron
		pharma pharmaceutical pharmaceuticals inc ltd llc plc gmbh corp corporation company labs laboratories
		therapeutics biotech biosciences sciences healthcare systems solutions devices
		hb hct na ca mg cr ur fe alb bili plt glu trop lac osm phos cl
	`)

	// notNameSuffixes end words of the language, not names.
	notNameSuffixes = []string{"tion", "sion", "ment", "ness", "ity", "ogy", "ics", "ism", "ist", "ive", "ated", "ized", "ised", "able", "ible", "ary", "ory", "ous", "ful", "less", "ical"}

	// eponymNext are the words after a name that make it an eponym:
	// "Cushing syndrome", "Glasgow Coma Scale", "Parkinson's disease".
	eponymNext = wordSet(`
		syndrome syndromes disease diseases disorder disorders sign signs symptom test tests
		scale scales score scores criteria criterion classification classifications stage stages staging
		reflex reflexes phenomenon palsy triad law laws rule rules manoeuvre maneuver manoeuvres maneuvers
		procedure operation repair fracture fractures tumour tumor tumours tumors ulcer ulcers
		node nodes lymphoma sarcoma cell cells body bodies duct ducts canal canals space spaces membrane
		point points line lines position method technique index equation formula protocol
		coma granuloma nodule nodules murmur murmurs pulse sphincter ligament artery arteries
		ring rings tube tubes curve curves plot plots estimator estimate analysis
		catheter incision approach block blocks nerve neuroma cyst cysts gland glands
		anomaly malformation angle bundle fibres fibers area areas aphasia encephalopathy
		dementia hernia diverticulum effect effects theory principle model hypothesis
		bacillus virus agar stain staining solution
	`)

	// eponyms are names that medicine uses for diseases, signs, scales and
	// places in the body. After an honorific they are still names.
	eponyms = wordSet(`
		addison alzheimer apgar asperger babinski barre barré barrett battle beck bell bells
		brugada brudzinski buerger charcot cheyne chvostek conn creutzfeldt jakob crohn cullen
		cushing danlos down dressler duchenne dupuytren ehlers epley fallot felty gaucher gilbert
		glasgow goodpasture graves guillain hartmann hashimoto heberden hirschsprung hodgkin
		horner huntington jakob kaposi kawasaki kernig kimmelstiel klinefelter korsakoff kussmaul
		lewy lyme mallampati mallory marfan meckel meniere ménière murphy osler paget parkinson
		parkinsons peyronie pott raynaud reiter reye rovsing sjogren sjögren stokes takayasu tay
		sachs tourette trousseau turner virchow wegener wernicke whipple wilms wolff zenker
		zollinger ellison killip wells centor ranson rockall blatchford richmond ramsay braden
		waterlow barthel karnofsky gleason breslow dukes mobitz wenckebach osborn mantoux gram
		ziehl neelsen coombs tinel phalen finkelstein lachman mcmurray homans kehr valsalva
		trendelenburg seldinger heimlich starling frank fick kaplan meier cox bland altman
		student fisher pearson spearman wilcoxon mann whitney kruskal wallis bonferroni
		colles galeazzi monteggia bankart salter harris weber maisonneuve lisfranc ludwig
		bartholin purkinje schwann langerhans kupffer leydig sertoli broca willis monro henle
		oddi treitz krukenberg asherman sheehan waterhouse friderichsen guyon sylvius eustachian
		fallopian graafian wharton stensen auerbach meissner bowman glisson
	`)

	// places are names of places medicine uses: "pt Glasgow Coma Scale 8",
	// "Ottawa ankle rules". They are never a patient's name.
	places = wordSet("glasgow ottawa canadian bristol richmond lyme rotterdam seattle mayo framingham boston edinburgh nottingham manchester oxford cambridge")

	// largeAreas are places as large as a state or larger: where someone
	// lives in one of them does not identify them.
	largeAreas = wordSet(`
		alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
		hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
		michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
		pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
		new_hampshire new_jersey new_mexico new_york north_carolina north_dakota south_carolina
		south_dakota west_virginia rhode_island puerto_rico guam
		england scotland wales ireland northern_ireland britain uk usa america canada mexico
		brazil argentina chile peru colombia venezuela cuba jamaica haiti
		france germany spain portugal italy greece netherlands holland belgium luxembourg switzerland
		austria denmark norway sweden finland iceland poland czechia hungary romania bulgaria
		serbia croatia slovenia slovakia ukraine russia belarus lithuania latvia estonia turkey
		israel palestine lebanon syria jordan iraq iran egypt libya tunisia algeria morocco
		nigeria ghana kenya ethiopia somalia sudan uganda tanzania rwanda zambia zimbabwe
		mozambique angola congo cameroon senegal mali niger chad botswana namibia south_africa
		india pakistan bangladesh nepal sri_lanka afghanistan china japan korea taiwan vietnam
		thailand cambodia laos myanmar malaysia singapore indonesia philippines australia
		new_zealand fiji samoa tonga saudi_arabia yemen oman qatar kuwait bahrain
		europe africa asia oceania antarctica the_americas scandinavia
		ontario quebec alberta manitoba saskatchewan nova_scotia bavaria catalonia
	`)
)
