package content

import (
	"slices"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/sshsig"
)

// SiteConfig is rounds.toml.
type SiteConfig struct {
	Title    string `json:"title"`
	BaseURL  string `json:"baseURL"`
	Language string `json:"language"`
	// Digits is how numbers and dates are written on Arabic pages:
	// "latn" (the default, Latin digits) or "arab" (Arabic-Indic).
	Digits string `json:"digits"`
	// Languages are the site's languages, the default first (SPEC.md,
	// Shared conventions "Translated fields"): a module's translation is
	// a file beside it named with the language before .md, published
	// under /<lang>/. Empty: the site has one language, Language.
	Languages     []string    `json:"languages"`
	CitationStyle string      `json:"citation_style"`
	Theme         string      `json:"theme"`
	Provider      *Provider   `json:"provider"`
	Policy        Policy      `json:"policy"`
	Supporters    []Supporter `json:"supporters"`
	Social        Social      `json:"social"`
	Brand         Brand       `json:"brand"`
	// Evaluation says where a site's evaluation forms are sent; see
	// EvaluationConfig.
	Evaluation EvaluationConfig `json:"evaluation"`
	Paths      []Programme      `json:"paths"` // learning paths, pages at /paths/<id>/
	// Params is free-form, for a site's layouts (.Site.Params); rounds.toml
	// is in the frame, so an edit voids the frame's sign-off.
	Params map[string]any `json:"params"`
}

// Brand is the provider's look (SPEC.md, Shared conventions "Brand"):
// pages, cards and the certificate use it.
type Brand struct {
	Logo   string `json:"logo"` // a file in static/, "logo.png"
	Accent string `json:"accent"`
	Font   string `json:"font"`
}

// EvaluationConfig is [evaluation] in rounds.toml: the form endpoint that
// receives a site's evaluations (POST, form-encoded), "" for none. It is
// in the frame, and the pages' Content-Security-Policy allows its origin
// as a form-action.
type EvaluationConfig struct {
	Action string `json:"action"`
}

// Provider is the accredited provider that awards credit.
type Provider struct {
	Name          string     `json:"name"`
	Accreditation Translated `json:"accreditation"` // per language, or once
	Contact       string     `json:"contact"`
	Privacy       string     `json:"privacy"`
	Requirements  Translated `json:"requirements"`
	// Signature is an image of the signatory's signature (a file in
	// static/), Signatory the name and title printed under it; both are
	// optional and shown on the certificate only.
	Signature string `json:"signature"`
	Signatory string `json:"signatory"`
}

// Policy is what a module must satisfy to be published.
type Policy struct {
	RequiredRoles     []string `json:"required_roles"`
	MaxReviewAge      Duration `json:"max_review_age"`
	RequireSignatures bool     `json:"require_signatures"`
	MaxTerm           Duration `json:"max_term"`
	MinReferences     int      `json:"min_references"`
	Expired           string   `json:"expired"`     // "refuse" (default) or "archive"
	FrameRoles        []string `json:"frame_roles"` // roles that sign the frame; nil: every required role
	// RequireEvaluation makes a course's certificate wait until the
	// learner has sent the evaluation of every module that asks for one.
	RequireEvaluation bool `json:"require_evaluation"`
	// ObjectivesTested makes an objective of a module with credit that
	// no post-test question tests an error, not a warning.
	ObjectivesTested bool `json:"objectives_tested"`
	// Strict names warnings the site makes errors: "objectives",
	// "translations" (a translation whose source changed since it was
	// signed).
	Strict []string `json:"strict"`
	// TranslationRoles are the roles that sign a translation; nil: the
	// required roles. A translation is reviewed in its own right.
	TranslationRoles []string `json:"translation_roles"`
}

// StrictNames are the warnings policy.strict may name.
func StrictNames() []string { return []string{"objectives", "translations"} }

// Translations are the site's languages other than the default.
func (c *SiteConfig) Translations() []string {
	var out []string
	for _, l := range c.Languages {
		if l != c.Language {
			out = append(out, l)
		}
	}
	return out
}

// Supporter is an ineligible company that gives commercial support.
type Supporter struct {
	Name     string   `json:"name"`
	Domains  []string `json:"domains"`
	Products []string `json:"products"`
}

// Social configures cards and share texts.
type Social struct {
	Hashtags   []string `json:"hashtags"`
	Background string   `json:"background"`
	Foreground string   `json:"foreground"`
	Accent     string   `json:"accent"`
	// UTM is [social.utm]: campaign parameters for the share kit's links.
	UTM UTM `json:"utm"`
}

// PeopleFile is people.toml.
type PeopleFile struct {
	// RevokedKeys void every signature by these keys (SPEC.md "Keys"):
	// a lost or compromised key, where retiring it with valid-before
	// would keep what it signed.
	RevokedKeys []string `json:"revoked_keys"`
	Person      []Person `json:"person"`
}

// Person is someone in control of content: author, planner or reviewer.
// ACCME Standard 3: everyone in control of content discloses their
// financial relationships with ineligible companies.
type Person struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Credentials   string         `json:"credentials"`
	Roles         []string       `json:"roles"`
	Keys          []string       `json:"keys"`
	Relationships []Relationship `json:"relationships"`

	PublicKeys []sshsig.PublicKey `json:"-"` // Keys, parsed
	KeyInfo    []PersonKey        `json:"-"` // parallel to PublicKeys: each key's validity
	Index      int                `json:"-"` // position in people.toml, for diagnostics
}

// Relationship is a financial relationship with an ineligible company.
type Relationship struct {
	Company string `json:"company"`
	// Nature and Mitigated may be written per language (a translation's
	// page discloses the nature in its own language).
	Nature    Translated `json:"nature"`
	Mitigated Translated `json:"mitigated"`
}

// PersonKey is one of a person's keys with its options from people.toml
// (valid-before: retired) and whether revoked_keys lists it.
type PersonKey struct {
	sshsig.AllowedSigner
	Revoked bool
}

// AuthorizedKey is the key alone as one authorized_keys line, without
// options, comment or newline: what allowed_signers and revoked_keys hold.
func (k PersonKey) AuthorizedKey() string { return sshsig.AuthorizedKey(k.Key) }

// Key returns the person's entry for k, nil when k is not one of theirs.
func (p *Person) Key(k sshsig.PublicKey) *PersonKey {
	for i := range p.KeyInfo {
		if sshsig.SameKey(p.KeyInfo[i].Key, k) {
			return &p.KeyInfo[i]
		}
	}
	return nil
}

// CanSign says why k cannot sign for the person on day, "" when it can:
// it is theirs, not revoked, and in its valid-after/valid-before window.
func (p *Person) CanSign(k sshsig.PublicKey, day Date) string {
	pk := p.Key(k)
	switch {
	case pk == nil:
		return "is not one of " + p.ID + "'s keys in people.toml"
	case pk.Revoked:
		return "is revoked (revoked_keys in people.toml)"
	case !pk.Valid(day.Time()):
		if !pk.ValidBefore.IsZero() && !day.Time().Before(pk.ValidBefore) {
			return "was retired on " + pk.ValidBefore.Format("2006-01-02") + " (valid-before in people.toml)"
		}
		return "is not valid until " + pk.ValidAfter.Format("2006-01-02") + " (valid-after in people.toml)"
	}
	return ""
}

// DisplayName is "Alex Smith, MD".
func (p *Person) DisplayName() string {
	if p.Credentials == "" {
		return p.Name
	}
	return p.Name + ", " + p.Credentials
}

// HasRole reports whether the person may sign in role.
func (p *Person) HasRole(role string) bool {
	return slices.Contains(p.Roles, role)
}

// People is the parsed people.toml, by id.
type People struct {
	ByID map[string]*Person
	Doc  *Doc // for positions; nil when the site has no people.toml
}

// ParsePeople checks people.toml: unique ids, parseable keys.
func ParsePeople(doc *Doc) (People, diag.List) {
	var l diag.List
	var pf PeopleFile
	doc.Decode(doc.Raw, &pf, nil, &l)
	ppl := People{ByID: map[string]*Person{}, Doc: doc}
	owner := map[string]string{} // key fingerprint -> the id of the person it belongs to
	revoked := map[string]bool{} // key fingerprint -> listed in revoked_keys
	for k, line := range pf.RevokedKeys {
		key, err := sshsig.ParsePublicKey(line)
		if err != nil {
			d := doc.Errorf(&l, []any{"revoked_keys"}, "people", "revoked key %d is not an SSH public key: %v", k+1, err)
			d.Help = "paste the whole public key line, like \"ssh-ed25519 AAAA... name@host\""
			continue
		}
		revoked[sshsig.Fingerprint(key)] = true
	}
	for i := range pf.Person {
		p := &pf.Person[i]
		p.Index = i
		if p.ID == "" {
			if !doc.Flagged("person", i, "id") && !doc.Flagged("person", i) {
				doc.Errorf(&l, []any{"person", i}, "people", "a person needs an id")
			}
			continue
		}
		if _, dup := ppl.ByID[p.ID]; dup {
			doc.Errorf(&l, []any{"person", i, "id"}, "people", "id %q is used twice", p.ID)
			continue
		}
		for k, line := range p.Keys {
			rule, err := sshsig.ParseKey(line)
			key := rule.Key
			if err != nil && key != nil {
				d := doc.Errorf(&l, []any{"person", i, "keys"}, "people", "key %d of %q has an option rounds cannot honour: %v", k+1, p.ID, err)
				d.Help = "the options a key may carry are valid-before=\"YYYYMMDD\" (retired) and valid-after=\"YYYYMMDD\", as in allowed_signers"
				continue
			}
			if err != nil {
				d := doc.Errorf(&l, []any{"person", i, "keys"}, "people", "key %d of %q is not an SSH public key: %v", k+1, p.ID, err)
				d.Help = "paste the whole line of the reviewer's .pub file, like \"ssh-ed25519 AAAA... name@host\""
				continue
			}
			// One key belongs to one person: a key shared by two ids lets
			// an author sign as an alias reviewer.
			fp := sshsig.Fingerprint(key)
			if first, taken := owner[fp]; taken && first != p.ID {
				d := doc.Errorf(&l, []any{"person", i, "keys"}, "people", "key %d of %q is also a key of %q: one key belongs to one person", k+1, p.ID, first)
				d.Help = "each person signs with their own key; remove the key from the person it does not belong to"
				continue
			}
			owner[fp] = p.ID
			p.PublicKeys = append(p.PublicKeys, key)
			p.KeyInfo = append(p.KeyInfo, PersonKey{AllowedSigner: rule, Revoked: revoked[fp]})
		}
		ppl.ByID[p.ID] = p
	}
	return ppl, l
}

// Pos locates a key of person id in people.toml.
func (ppl People) Pos(id string, p ...any) (*diag.File, diag.Pos) {
	person := ppl.ByID[id]
	if person == nil || ppl.Doc == nil {
		return nil, diag.Pos{}
	}
	return ppl.Doc.File, ppl.Doc.KeyPos(append([]any{"person", person.Index}, p...)...)
}
