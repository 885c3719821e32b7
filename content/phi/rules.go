package phi

import (
	"regexp"
	"strings"
)

// rule is a detector tried where one of its key words starts: an
// anchored regexp whose first non-empty group is the identifier.
type rule struct {
	kind      string
	re        *regexp.Regexp
	minDigits int
	maxDigits int
	bare      bool // refuse values that read as a year or a range of years
	window    int  // bytes after the key word that the regexp sees
	noDigit   bool // the identifier may have no digit ("ninety")
	check     func(sc *scanner, at, start, end int) bool
	fn        func(sc *scanner, at, wordEnd int) // a detector in code
}

// detector holds the compiled detectors; it is built once and never
// changed, so one value serves every goroutine.
type detector struct {
	words map[string][]*rule
	// lengths[c] has bit n set when a key word of n letters starts with
	// the letter 'a'+c: most words need no map look-up at all.
	lengths [26]uint32

	doi, usPhone, intlPhone, natPhone, ssn, zip4, ageNum, street,
	date, dateAfter, mac, rangeAfter, ageAfter *regexp.Regexp
}

var std = newDetector()

// The pieces of the detectors' regexps.
const (
	reLabel     = `(?:\s*(?:numbers?|nos?\b\.?|nr\b\.?|num\b\.?|#|ids?\b|i\.d\.|identifier|code))`
	reSep       = `[\s:#=*_|.\-]*`
	reFill      = `(?:(?:is|was|of)\s+)?`
	reValueBody = `[A-Za-z]{0,5}[-/]?\d[A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+|\s\d{3,}\b)*`
	reValue     = `(` + reValueBody + `)`

	reMonth     = `(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)`
	reDay       = `(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?`
	reYear      = `(?:1[89]\d\d|20\d\d)`
	reDayMonth  = reDay + `(?:\s+of)?[\s-]+` + reMonth + `(?:,?[\s-]+` + reYear + `\b)?`
	reMonthDay  = reMonth + `\s+` + reDay + `\b(?:,?\s+` + reYear + `\b)?`
	reNumDate   = `\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|` + reYear + `[/.-]\d{1,2}[/.-]\d{1,2}`
	reFullDate  = `(?:` + reDayMonth + `|` + reMonthDay + `|` + reNumDate + `)`
	reMonthYear = reMonth + `,?\s+` + reYear + `\b`
	reCompact   = `(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`
	reAnyDate   = `(` + reFullDate + `|` + reMonthYear + `|` + reCompact + `)`

	rePerson = `(?:he|she|the\s+(?:patient|man|woman|boy|girl|child|baby|infant|neonate|mother|father)|our\s+patient|(?:mr|mrs|ms|miss)\.?\s+[a-z]+|an?\s+\d{1,3}[\s-]*(?:year|yr|month|week|day)s?[\s-]*old(?:\s+[a-z]+)?)`
	reEvent  = `(?:born|admitted|readmitted|discharged|seen|transferred|intubated|diagnosed|operated|hospitali[sz]ed|died|presented|collapsed|arrived|attended|delivered|brought)`
)

func newDetector() *detector {
	d := &detector{
		words:      map[string][]*rule{},
		doi:        regexp.MustCompile(`^10\.\d{4,9}(?:\.\d+)*/[^\s"<>\]\x60]+`),
		usPhone:    regexp.MustCompile(`^(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?`),
		intlPhone:  regexp.MustCompile(`^\+\d{1,3}(?:[\s.-]?(?:\(\d{1,4}\)|\d{1,4})){2,6}(?:\s*(?:x|ext\.?)\s*\d{1,5})?`),
		natPhone:   regexp.MustCompile(`^(?:(?:\(0\d{1,4}\)|0\d{1,4})(?:[\s-]\d{2,4}){2,4}|0\d{4}\s\d{6})`),
		ssn:        regexp.MustCompile(`^\d{3}-\d{2}-\d{4}`),
		zip4:       regexp.MustCompile(`^\d{5}-\d{4}`),
		ageNum:     regexp.MustCompile(`(?i)^\d{2,3}(?:[\s-]*(?:years?|yrs?|y)[\s-]*old\b|\s*(?:years?|yrs?)\s+of\s+age\b|\s*(?:yo\b|y/o\b|y\.o\.?))`),
		street:     regexp.MustCompile(`^(\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?\s+((?:(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,4}?)((?:Street|Avenue|Road|Boulevard|Lane|Drive|Place|Terrace|Way|Parkway|Highway|Crescent|Plaza|Alley|Mews|Court)\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Pl|Pkwy|Hwy|Ct)\b\.?)(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?)`),
		date:       regexp.MustCompile(`(?i)^` + reFullDate),
		dateAfter:  regexp.MustCompile(`(?i)^(?:,?\s+` + rePerson + `\s+(?:(?:was|had\s+been|has\s+been|is)\s+)?` + reEvent + `\b|\s*[:–-]\s*` + reEvent + `\b)`),
		mac:        regexp.MustCompile(`^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$`),
		rangeAfter: regexp.MustCompile(`(?i)^\s*(?:-|–|to|until|through|and)\s+\d`),
		ageAfter:   regexp.MustCompile(`(?i)^(?:[\s-]*(?:years?|yrs?)(?:[\s-]+old)?)?\s*(?:\+|or\s+(?:older|over|above|more)|and\s+(?:older|over|above|up)|[-–]\s*\d|to\s+\d|%|\.\d)`),
	}
	add := func(words string, r *rule) {
		for _, w := range strings.Fields(words) {
			d.words[w] = append(d.words[w], r)
			d.lengths[w[0]-'a'] |= 1 << len(w)
		}
	}
	// kw compiles a rule: key is the phrase that names the identifier, rest
	// what may follow it up to the identifier (the first group).
	kw := func(key, rest string) *regexp.Regexp { return regexp.MustCompile(`(?i)^(?:` + key + `)` + rest) }
	value := reSep + reFill + reValue

	// (H) medical record numbers, with a label, or "medical record" and a long number.
	add("mrn m mr medical health hospital clinical case patient record records chart charts unit nhs ehr emr clinic", &rule{
		kind: MRN, minDigits: 3,
		re: kw(`(?:mrn|m\.r\.n\.?|mr\s*#)`+reLabel+`?|(?:(?:medical|health|hospital|clinical|case|patient)\s+)?(?:records?|charts?|hospital|patient|unit|nhs|ehr|emr|clinic)`+reLabel, value),
	})
	add("medical health hospital clinical", &rule{
		kind: MRN, minDigits: 5, bare: true,
		re: kw(`(?:medical|health|hospital|clinical)\s+records?`, value),
	})
	// (I) health plan beneficiary numbers.
	add("health healthcare insurance member members membership subscriber beneficiary policy policyholder medicaid medicare plan insurer medical group mbi hicn", &rule{
		kind: Plan, minDigits: 3, bare: true,
		re: kw(`(?:health\s*(?:care\s+)?(?:plan|insurance)|insurance|members?(?:hip)?|subscriber|beneficiary|policy(?:holder)?|medicaid|medicare|plan|insurer|medical\s+aid|group\s+health)(?:\s+(?:member|subscriber|beneficiary|policy|card|plan|insurance))*`+reLabel+`|(?:medicaid|medicare|mbi|hicn)\b`, value),
	})
	// (J) account numbers.
	add("account acct bank billing patient hospital customer guarantor", &rule{
		kind: Account, minDigits: 4,
		re: kw(`(?:(?:bank|billing|patient|hospital|customer|guarantor)\s+)?(?:account|acct\b\.?)(?:`+reLabel+`|\s*:)|acct\b\.?`, value),
	})
	// (K) certificate and licence numbers, DEA and NPI numbers.
	add("licence license medical nursing driver drivers driving state professional pharmacy pharmacist physician practitioner prescriber dental provider dea npi gmc nmc upin ahpra hcpc", &rule{
		kind: Licence, minDigits: 4, bare: true,
		re: kw(`(?:(?:medical|nursing|driver'?s?|driving|state|professional|pharmacy|pharmacist|physician|practitioner|prescriber|dental|provider)\s+)?licen[cs]e(?:`+reLabel+`|\s*:)|(?:dea|npi|gmc|nmc|upin|ahpra|hcpc)\b(?:\s+registration)?`+reLabel+`?`, value),
	})
	// (M) device identifiers and serial numbers.
	add("device implant pacemaker defibrillator icd pump equipment product generator serial s sn imei meid udi esn", &rule{
		kind: Device, minDigits: 3,
		re: kw(`(?:(?:device|implant|pacemaker|defibrillator|icd|pump|equipment|product|generator)\s+)?(?:serial(?:`+reLabel+`|\s*[:#])|s/n\b)|(?:device|implant|pacemaker|defibrillator|pump|equipment)(?:\s+(?:serial|udi))?`+reLabel+`|sn\s*[:#]|(?:imei|meid|udi(?:-di)?|esn)\b`+reLabel+`?`,
			reSep+reFill+`(\(\d{2}\)[0-9A-Za-z()]+|`+reValueBody+`)`),
	})
	// (G) social security numbers (and the UK's national insurance number).
	add("ssn ss social soc national ni", &rule{
		kind: SSN, minDigits: 6,
		re: kw(`ssn|ss\s*#|soc(?:ial)?\.?\s*sec(?:urity)?\.?`+reLabel+`?|national\s+insurance`+reLabel+`?|ni\s+(?:number|no\b\.?)`,
			reSep+reFill+`(\d{3}[\s-]?\d{2}[\s-]?\d{4}|[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]?)`),
	})
	// (D, E) telephone and fax numbers after a word that says so.
	add("tel telephone phone ph fax facsimile cell cellphone mobile mob pager bleep call text sms whatsapp", &rule{
		kind: Phone, minDigits: 7, maxDigits: 15,
		re: kw(`tel(?:ephone)?|phone|ph|fax|facsimile|cell(?:phone)?|mobile|mob|pager|bleep|call|text|sms|whatsapp`,
			`\b\.?(?:\s*(?:no\b\.?|number|#|nr\b\.?))?[\s:#=*_|.\-]*(?:(?:on|at|is)\s+)?(\+?\(?\d{1,12}\)?(?:[\s.-]{1,2}\(?\d{1,6}\)?){0,5})`),
	})
	// (B) post office boxes.
	add("po p post pob", &rule{
		kind: Street,
		re:   regexp.MustCompile(`(?i)^((?:p\.?\s?o\.?\s*box|post\s+office\s+box|pob)\s*#?\s*\d{1,6})\b`),
	})
	// (C) dates tied to a person: after an event that only a person has.
	add("born admitted readmitted discharged died deceased passed", &rule{
		kind: Date, check: (*scanner).notCohort, window: 120,
		re: kw(`born|admitted|readmitted|discharged|died|deceased|passed\s+away`,
			`(?:[\s:,=_-]+(?:(?:on|in|at|dated|date|the)\b[\s:,]*)*`+reAnyDate+`|(?:\s+[a-z'’]+){1,5}?\s+on\s+(?:the\s+)?(`+reFullDate+`))`),
	})
	add("dob d dod date birth birthdate birthday death admission discharge", &rule{
		kind: Date,
		re: kw(`dob|d\.o\.b\b\.?|dod|date\s+of\s+(?:birth|death|admission|discharge|demise)|birth\s*(?:date|day)|death\s+date|admission\s+date|discharge\s+date|admission|discharge|death|birth`,
			`[\s:,=_#*|(-]*(?:(?:on|in|of|was|is|date|dated|the)\b[\s:,]*)*`+reAnyDate),
	})
	add("seen presented visited transferred operated diagnosed hospitalised hospitalized examined intubated extubated delivered arrived attended collapsed injured tested vaccinated brought found", &rule{
		kind: Date, check: (*scanner).personBefore, window: 120,
		re: kw(`seen|presented|visited|transferred|operated|diagnosed|hospitali[sz]ed|examined|intubated|extubated|delivered|arrived|attended|collapsed|injured|tested|vaccinated|brought|found`,
			`(?:\s+[a-z'’]+){0,5}?[\s,]+(?:on\s+(?:the\s+)?)?(`+reFullDate+`)`),
	})
	// A date, then the person and the event: "On 12 March 2024 she was admitted".
	add("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec", &rule{
		kind: Date, fn: (*scanner).dateThenEvent,
	})
	// (C) ages over 89.
	add("age aged", &rule{
		kind: Age, check: (*scanner).ageOK, noDigit: true,
		re: kw(`aged?`, `(?:\s*[:=]\s*|\s+)(?:of\s+)?(\d{2,3}|ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)\b`),
	})
	add("ninety", &rule{
		kind: Age, check: (*scanner).ageOK, noDigit: true,
		re: regexp.MustCompile(`(?i)^(ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?[\s-]+(?:years?[\s-]+old|year[\s-]old|yrs?[\s-]+old|years\s+of\s+age))\b`),
	})
	// (N) URLs.
	add("http https www ftp", &rule{kind: URL, fn: (*scanner).url})

	// (A) names (names.go).
	add("mr mrs ms miss mx", &rule{kind: Name, fn: (*scanner).honorific})
	add("patient pt husband wife son daughter mother father brother sister partner carer caregiver grandson granddaughter grandmother grandfather",
		&rule{kind: Name, fn: (*scanner).personName})
	add("name surname forename forenames", &rule{kind: Name, fn: (*scanner).nameLabel})
	// (B) addresses and towns (place.go); ZIP codes and postcodes after
	// their label (the first three digits of a ZIP code are allowed).
	add("address", &rule{kind: Street, fn: (*scanner).addressLabel})
	add("lives lived living resides resided residing resident", &rule{kind: Place, fn: (*scanner).livesIn})
	add("zip postcode postal post", &rule{
		kind: ZIP,
		re:   kw(`zip(?:\s*code)?|post(?:al)?\s*code|postcode`, `[\s:#=*_|.\-]*(\d{5}(?:-\d{4})?|[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2})\b`),
	})
	// (J) claim numbers are account numbers of a health plan.
	add("claim claims", &rule{kind: Account, minDigits: 4, bare: true, re: kw(`claims?`+reLabel, value)})
	// (L) vehicle identifiers: plates and VINs after their label (a VIN
	// alone is found by its check digit, place.go).
	add("licence license number registration reg vehicle car vin", &rule{
		kind: Vehicle, check: (*scanner).plateOK,
		re: kw(`(?:(?:licen[cs]e|number|registration|reg\.?|vehicle|car)\s+plates?|(?:vehicle|car)\s+(?:registration|reg\.?)|vehicle\s+identification)(?:`+reLabel+`)?|vin\b(?:`+reLabel+`)?`,
			reSep+reFill+`((?-i:[A-Z0-9]{1,17}(?:[\s-][A-Z0-9]{1,4}){0,2}))\b`),
	})
	// (M) "serial" right before the number, without "no." or a colon.
	add("serial device implant pacemaker defibrillator icd pump equipment product generator", &rule{
		kind: Device, minDigits: 4, check: (*scanner).serialBare,
		re: kw(`(?:(?:device|implant|pacemaker|defibrillator|icd|pump|equipment|product|generator)\s+)?serial`, `\s+(`+reValueBody+`)`),
	})
	// (R) other unique identifying numbers: of a specimen, an encounter,
	// a referral.
	add("accession specimen sample encounter visit episode admission referral booking requisition lab laboratory", &rule{
		kind: Other, minDigits: 4, bare: true,
		re: kw(`(?:accession|specimen|sample|encounter|visit|episode|admission|referral|booking|requisition|lab(?:oratory)?)`+reLabel, value),
	})
	return d
}

// scanner scans one folded text.
var (
	notPhoneBefore = wordSet("isbn issn pages page pp p doi pmid pmcid nct ref refs vol volume issue chapter table figure fig")
	units          = wordSet("mg mcg ug g kg ml l dl mmol mol meq iu units unit u mmhg bpm min mins h hr hrs hours days weeks months years cm mm m km mcl nmol pmol patients cases")
	notIPBefore    = wordSet("v version ver release section sect step table figure fig chapter rule appendix item clause paragraph para oid")
	cohort         = wordSet("patients people adults children participants those subjects cases individuals women men were all who infants neonates")
	meanWords      = wordSet("mean median average avg")
	overWords      = wordSet("over above than least beyond under between from")
	notPerson      = wordSet("hospital building tradition institution drug treatment technique method practice law guideline test rule journal society tree house church school company theory question debate problem disease vaccine medicine remedy textbook trial study")
	streetWords    = wordSet("Street Avenue Road Boulevard Lane Drive Place Terrace Way Parkway Highway Crescent Plaza Alley Mews Court St Ave Rd Blvd Ln Dr Pl Pkwy Hwy Ct")
	eventStarts    = wordSet("he she the our mr mrs ms miss a an")
	months         = wordSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	streetStop     = wordSet("the a an of in on and to for with this that our his her per by at from is was are")
	personWords    = wordSet("he she him her his hers patient pt man woman boy girl child infant baby neonate newborn toddler adolescent teenager teen mother father son daughter wife husband brother sister grandmother grandfather mr mrs ms miss gentleman lady male female")
	fileExts       = wordSet("png jpg jpeg gif svg webp pdf md html htm css js json txt csv mp4 mp3 zip tif tiff bmp heic docx xlsx pptx")
	states         = wordSet("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI")
	urlKeys        = wordSet("mrn mr mrno mrnumber medicalrecord medicalrecordnumber patient patientid patid pid ptid ssn socialsecurity dob dateofbirth birthdate memberid member subscriberid accountid account acct accountnumber recordid record recordnumber chart chartid encounter encounterid visitid admissionid healthplanid planid policyid insuranceid deviceid serial serialnumber email phone tel fax license licence licenseid npi dea")
	urlSegments    = wordSet("patient patients pt mrn mrns record records medicalrecord medicalrecords chart charts member members account accounts encounter encounters subject subjects person persons ehr emr")
	urlID          = regexp.MustCompile(`^[A-Za-z]{0,4}[-_]?\d[\d-]{2,}[A-Za-z]?$`)
	urlSegID       = regexp.MustCompile(`(?i)^(?:mrn|patient|pt|record|chart)[-_]?\d{3,}$`)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[strings.ReplaceAll(w, "_", " ")] = true // new_york: "new york"
	}
	return m
}
