package corpus

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/gazetteer"
)

// context fills templates for one article. The placeholders:
//
//	{F} {F_li} {F_bi} {F2}   facility in focus (bare, with لـ, with بـ), another one
//	{P} {P_bi} {P_li} {Pn}   province in focus: إقليم تارودانت, بإقليم …, لإقليم …, تارودانت
//	{R} {R_bi} {Rn} {R2}     its region: جهة سوس ماسة, بجهة …, سوس ماسة; the other region
//	{C} {C_bi} {H_bi}        commune, بجماعة …, بحي …
//	{OFF}                    the official of the article
//	{COST} {M}               the article's cost; another amount
//	{N} {N2} {CAP} {AREA} {STAFF} {JOBS} {MONTHS} {PCT} {K}   counted phrases
//	{GRP} {SERV} {SERV2} {TOPIC}   people served, services, campaign topic
//	{PARTNER} {PARTNER2} {PARTNER_AC} {ASSOC}   institutions
//	{DATE} {Y1}              the article's date in words, the next year
//	{LINKTITLE} {LINKURL}    the linked earlier article
//	{g:m|f} {o:m|f}          agreement with the facility, the official
type context struct {
	v     *vocabulary
	plans []plan
	p     *plan
	r     *rng

	fac  *gazetteer.FacilityType
	grp  *groupText
	prov *gazetteer.Province

	lastPartner int
	lastService string
}

func newContext(v *vocabulary, plans []plan, i int, r *rng) *context {
	p := &plans[i]
	c := &context{v: v, plans: plans, p: p, r: r, lastPartner: partnerINDH}
	c.focus(p.facilities[0], p.provinces[0])
	return c
}

func (c *context) focus(f *gazetteer.FacilityType, p *gazetteer.Province) {
	c.fac, c.grp, c.prov = f, c.v.group(f), p
}

// feminine facility names start with a feminine noun.
func feminine(t *gazetteer.FacilityType) bool {
	first, _, _ := strings.Cut(t.NameAR, " ")
	switch first {
	case "دار", "مؤسسة", "وحدة", "الحاضنة":
		return true
	}
	return false
}

// li prefixes the preposition لـ, which swallows the alif of ال.
func li(s string) string {
	if rest, ok := strings.CutPrefix(s, "ال"); ok {
		return "لل" + rest
	}
	return "ل" + s
}

// counted writes n with a noun in the accusative singular, which is right
// when the last two digits are 11–99; n is nudged into that range.
func counted(n int, noun string) string {
	if n%100 < 11 {
		n += 11
	}
	return strconv.Itoa(n) + " " + noun
}

// money writes an amount given in tenths of a million dirhams.
func money(tenths int) string {
	switch {
	case tenths < 10:
		return strconv.Itoa(tenths*100) + " ألف درهم"
	case tenths == 10 || tenths == 20:
		tenths++
	}
	m, f := tenths/10, tenths%10
	switch {
	case f != 0:
		return strconv.Itoa(m) + "," + strconv.Itoa(f) + " مليون درهم"
	case m <= 10:
		return strconv.Itoa(m) + " ملايين درهم"
	}
	return strconv.Itoa(m) + " مليون درهم"
}

func decimal(tenths int) string {
	return strconv.Itoa(tenths/10) + "," + strconv.Itoa(tenths%10)
}

func (c *context) other(list []*gazetteer.FacilityType) *gazetteer.FacilityType {
	for _, t := range list {
		if t != c.fac {
			return t
		}
	}
	return nil
}

func (c *context) value(key string) string {
	p := c.p
	switch key {
	case "F":
		return c.fac.NameAR
	case "F_li":
		return li(c.fac.NameAR)
	case "F_bi":
		return "ب" + c.fac.NameAR
	case "F2":
		if t := c.other(p.facilities); t != nil {
			return t.NameAR
		}
		return c.fac.NameAR
	case "P":
		return c.prov.NameARFull
	case "P_bi":
		return "ب" + c.prov.NameARFull
	case "P_li":
		return "ل" + c.prov.NameARFull
	case "Pn":
		return c.prov.NameAR
	case "R":
		return c.prov.Region.NameARFull
	case "R_bi":
		return "ب" + c.prov.Region.NameARFull
	case "Rn":
		return c.prov.Region.NameAR
	case "R2":
		for _, r := range p.regions {
			if r != c.prov.Region {
				return r.NameARFull
			}
		}
		return c.prov.Region.NameARFull
	case "C":
		return communes[p.commune]
	case "C_bi":
		return "بجماعة " + communes[p.commune]
	case "H_bi":
		return "بحي " + neighbourhoods[p.hood]
	case "OFF":
		return c.expand(officials[p.official].text)
	case "COST":
		return money(p.cost)
	case "M":
		return money(c.r.between(3, max(p.cost, 8)))
	case "N":
		return counted(p.people, c.grp.noun)
	case "N2":
		return counted(c.r.between(c.grp.minN, c.grp.maxN*3), c.grp.noun)
	case "CAP":
		return counted(c.r.between(c.grp.minN, c.grp.maxN), "مستفيدا")
	case "AREA":
		return counted(c.r.between(400, 6000), "مترا مربعا")
	case "STAFF":
		return counted(c.r.between(11, 60), "إطارا")
	case "JOBS":
		return strconv.Itoa(c.r.between(11, 60))
	case "MONTHS":
		return counted(c.r.between(11, 36), "شهرا")
	case "PCT":
		return strconv.Itoa(c.r.between(15, 95)) + " في المائة"
	case "K":
		return counted(c.r.between(111, 900), "مؤسسة")
	case "GRP":
		return c.grp.people
	case "SERV":
		c.lastService = pick(c.r, c.grp.services)
		return c.lastService
	case "SERV2":
		for {
			if s := pick(c.r, c.grp.services); s != c.lastService {
				return s
			}
		}
	case "TOPIC":
		return pick(c.r, campaignTopics)
	case "PARTNER":
		c.lastPartner = c.r.intn(len(partners))
		return c.expand(partners[c.lastPartner].name)
	case "PARTNER2":
		i := c.r.intn(len(partners) - 1)
		if i >= c.lastPartner {
			i++
		}
		c.lastPartner = i
		return c.expand(partners[i].name)
	case "PARTNER_AC":
		var withLatin []int
		for i, pt := range partners {
			if pt.latin != "" {
				withLatin = append(withLatin, i)
			}
		}
		c.lastPartner = pick(c.r, withLatin)
		pt := partners[c.lastPartner]
		return pt.name + " « " + pt.latin + " »"
	case "ASSOC":
		return "جمعية " + associationFirst[p.assoc[0]] + " " + associationSecond[p.assoc[1]]
	case "DATE":
		return arabic.Date(p.date)
	case "Y1":
		return strconv.Itoa(p.date.Year() + 1)
	case "LINKTITLE":
		return c.plans[p.link].title
	case "LINKURL":
		return c.plans[p.link].url()
	}
	if alt, ok := strings.CutPrefix(key, "g:"); ok {
		m, f, _ := strings.Cut(alt, "|")
		if feminine(c.fac) {
			return f
		}
		return m
	}
	if alt, ok := strings.CutPrefix(key, "o:"); ok {
		m, f, _ := strings.Cut(alt, "|")
		if officials[p.official].fem {
			return f
		}
		return m
	}
	panic("corpus: unknown placeholder {" + key + "}")
}

func (c *context) expand(tpl string) string {
	if !strings.Contains(tpl, "{") {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) * 2)
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		b.WriteString(tpl[:i])
		b.WriteString(c.value(tpl[i+1 : i+j]))
		tpl = tpl[i+j+1:]
	}
}

func (c *context) title() string {
	p := c.p
	switch {
	case len(p.regions) > 1 && c.r.chance(0.5):
		return c.expand(pick(c.r, twoRegionTitleTemplates))
	case len(p.facilities) > 1 && c.r.chance(0.5):
		return c.expand(pick(c.r, multiTitleTemplates))
	}
	return c.expand(pick(c.r, titleTemplates[p.kind]))
}

func (c *context) summary() string {
	return c.expand(pick(c.r, summaryTemplates[c.p.kind]))
}

// countWords counts the runs of non-space characters holding a letter or a
// digit, so Markdown markers (##, -, |) are not words. The generator writes
// no other spaces than ' ' and '\n'.
func countWords(s string) int {
	n, hasLetter := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t':
			if hasLetter {
				n++
			}
			hasLetter = false
			i++
		case c < utf8.RuneSelf:
			hasLetter = hasLetter || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			hasLetter = hasLetter || unicode.IsLetter(r) || unicode.IsDigit(r)
			i += size
		}
	}
	if hasLetter {
		n++
	}
	return n
}

// body builds the Markdown body.
type body struct {
	c     *context
	out   []byte
	words int
	order [numTopics][]int // per topic, sentence indexes not used yet
}

func (b *body) write(s string) {
	b.out = append(b.out, s...)
	b.words += countWords(s)
}

// sentence returns an unused sentence on t, or on another topic once t is
// exhausted.
func (b *body) sentence(t topic) string {
	for k := range numTopics {
		tt := (t + k) % numTopics
		if o := b.order[tt]; len(o) > 0 {
			b.order[tt] = o[1:]
			return b.c.expand(sentences[tt][o[0]])
		}
	}
	return b.c.expand(pick(b.c.r, sentences[t]))
}

// paragraph writes 1–3 sentences on t, plus extra (a link) if given.
func (b *body) paragraph(t topic, extra string) {
	n := b.c.r.between(1, 3)
	var parts []string
	for range n {
		parts = append(parts, b.sentence(t))
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	b.write(strings.Join(parts, " ") + "\n\n")
}

type section struct {
	heading string
	topic   topic
	fac     *gazetteer.FacilityType
	prov    *gazetteer.Province
}

func (b *body) sections() []section {
	c, p, r := b.c, b.c.p, b.c.r
	prov := p.provinces[0]
	if len(p.facilities) > 1 && r.chance(0.4) {
		// One part per facility, each with the same sub-heading.
		i := r.intn(len(repeatedHeadings))
		rt := [...]topic{topicDetails, topicBeneficiaries, topicFunding}[i]
		var secs []section
		for _, f := range p.facilities[:2] {
			secs = append(secs,
				section{heading: f.NameAR, topic: topicDetails, fac: f, prov: prov},
				section{heading: repeatedHeadings[i], topic: rt, fac: f, prov: prov})
		}
		return secs
	}
	n := r.between(2, 4)
	w := topicWeights
	var ts []topic
	for range n {
		t := topic(r.weighted(w[:]))
		w[t] = 0
		ts = append(ts, t)
	}
	slices.Sort(ts)
	secs := make([]section, n)
	for i, t := range ts {
		secs[i] = section{topic: t, fac: p.facilities[i%len(p.facilities)], prov: prov}
		c.focus(secs[i].fac, prov)
		h := c.expand(pick(r, headings[t]))
		if i == n-1 && len(p.provinces) > 1 {
			secs[i].prov = p.provinces[1]
			c.focus(secs[i].fac, secs[i].prov)
			h += " " + c.value("P_bi")
		}
		secs[i].heading = h
	}
	c.focus(p.facilities[0], prov)
	return secs
}

func (b *body) list(funding bool) {
	c, r := b.c, b.c.r
	var items []string
	if funding {
		b.write(pick(r, fundingListIntros) + "\n\n")
		ps := []int{partnerINDH}
		for _, i := range []int{0, 2, 3, 4, 8} {
			if r.chance(0.5) {
				ps = append(ps, i)
			}
		}
		for _, i := range ps {
			pt := partners[i]
			name := c.expand(pt.name)
			if pt.latin != "" && r.chance(0.5) {
				name += " « " + pt.latin + " »"
			}
			items = append(items, "**"+name+"**: "+money(r.between(3, max(c.p.cost, 8))))
		}
	} else {
		b.write(pick(r, listIntros) + "\n\n")
		comps := slices.Clone(c.grp.components)
		shuffle(r, comps)
		items = comps[:r.between(3, min(5, len(comps)))]
		if r.chance(0.25) {
			items[0] = "**" + items[0] + "**"
		}
	}
	for i, it := range items {
		end := "؛"
		if i == len(items)-1 {
			end = "."
		}
		b.write("- " + it + end + "\n")
	}
	b.write("\n")
}

func (b *body) table() {
	c, p, r := b.c, b.c.p, b.c.r
	b.write(c.expand(pick(r, tableIntros)) + "\n\n")
	if p.kind == kindAssessment && r.chance(0.6) {
		b.write("| السنة | عدد المستفيدين | نسبة الإناث |\n| --- | ---: | ---: |\n")
		y := p.date.Year()
		for k := 3; k >= 1; k-- {
			b.write("| " + strconv.Itoa(y-k) + " | " + strconv.Itoa(r.between(c.grp.minN, c.grp.maxN)) +
				" | " + strconv.Itoa(r.between(30, 70)) + " في المائة |\n")
		}
		b.write("\n")
		return
	}
	b.write("| المشروع | الإقليم | الكلفة بملايين الدراهم |\n| --- | --- | ---: |\n")
	rows := r.between(3, 6)
	total := 0
	region := c.prov.Region
	for k := range rows {
		var f *gazetteer.FacilityType
		if k < len(p.facilities) {
			f = p.facilities[k]
		} else {
			f = c.v.types[r.weighted(c.v.typeWeights)]
		}
		prov := c.prov
		if k > 0 {
			prov = c.v.pickProvince(r, region, nil)
		}
		cost := r.between(5, 60)
		total += cost
		b.write("| " + f.NameAR + " | " + prov.NameAR + " | " + decimal(cost) + " |\n")
	}
	if r.chance(0.5) {
		b.write("| **المجموع** | | **" + decimal(total) + "** |\n")
	}
	b.write("\n")
}

// Words in the body: the target is drawn in [minTarget, maxTarget]; a
// paragraph or a list may go past it, and the closing paragraph is added.
const (
	minWords  = 300
	maxWords  = 900
	minTarget = minWords
	maxTarget = 800
	// closingReserve is kept for the last paragraph.
	closingReserve = 40
)

func (b *body) build() {
	c, p, r := b.c, b.c.p, b.c.r
	for t := range numTopics {
		o := make([]int, len(sentences[t]))
		for i := range o {
			o[i] = i
		}
		shuffle(r, o)
		b.order[t] = o
	}
	target := r.between(minTarget, maxTarget)

	lead := c.expand(pick(r, leadTemplates[p.kind])) + " " + b.sentence(topicContext)
	b.write(lead + "\n\n")

	secs := b.sections()
	listAt, fundingListAt, tableAt, linkAt := -1, -1, -1, -1
	if r.chance(0.7) {
		listAt = r.intn(len(secs))
		for i, s := range secs {
			if s.topic == topicDetails {
				listAt = i
				break
			}
		}
	}
	for i, s := range secs {
		if s.topic == topicFunding && r.chance(0.5) {
			fundingListAt = i
		}
	}
	if p.table {
		tableAt = r.intn(len(secs))
		for i, s := range secs {
			if s.topic == topicFunding {
				tableAt = i
			}
		}
	}
	if p.link >= 0 {
		linkAt = r.intn(len(secs))
	}

	for i, s := range secs {
		c.focus(s.fac, s.prov)
		b.write("## " + s.heading + "\n\n")
		start := b.words
		budget := max((target-closingReserve-b.words)/(len(secs)-i), 30)
		link := ""
		if i == linkAt {
			link = c.expand(pick(r, internalLinkTemplates))
		}
		b.paragraph(s.topic, link)
		if i == listAt {
			b.list(false)
		}
		if i == fundingListAt {
			b.list(true)
		}
		if i == tableAt {
			b.table()
		}
		for b.words-start < budget {
			b.paragraph(s.topic, "")
		}
	}
	c.focus(p.facilities[0], p.provinces[0])
	for b.words < minWords {
		b.paragraph(topicOutlook, "")
	}

	var closing string
	if (p.kind == kindVisit || p.kind == kindInauguration) && r.chance(0.5) {
		closing = closingTemplates[3]
	} else {
		closing = pick(r, []string{closingTemplates[0], closingTemplates[1], closingTemplates[2], closingTemplates[4]})
	}
	closing = c.expand(closing)
	if p.external {
		closing += " " + pick(r, externalLinkTemplates)
	}
	b.write(closing + "\n")
}

func yamlQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// renderArticle appends article i's file to buf and returns it with the
// number of words in the body.
func renderArticle(buf []byte, v *vocabulary, plans []plan, i int, seed uint64) ([]byte, int) {
	p := &plans[i]
	r := newRNG(seed, streamBody, i)
	c := newContext(v, plans, i, r)

	buf = append(buf, "---\ntitle: "...)
	buf = append(buf, yamlQuote(p.title)...)
	buf = append(buf, "\ndate: "...)
	if p.withTime {
		buf = p.date.AppendFormat(buf, "2006-01-02T15:04:05-07:00")
	} else {
		buf = p.date.AppendFormat(buf, "2006-01-02")
	}
	names := func(key string, list []string) {
		buf = append(buf, '\n')
		buf = append(buf, key...)
		buf = append(buf, ": "...)
		if len(list) == 1 && r.chance(0.8) {
			buf = append(buf, list[0]...)
			return
		}
		buf = append(buf, '[')
		buf = append(buf, strings.Join(list, ", ")...)
		buf = append(buf, ']')
	}
	var regions, provinces, types []string
	for _, x := range p.regions {
		if p.arabic {
			regions = append(regions, pick(r, []string{x.NameAR, x.NameARFull}))
		} else {
			regions = append(regions, x.Slug)
		}
	}
	for _, x := range p.provinces {
		if p.arabic {
			provinces = append(provinces, pick(r, []string{x.NameAR, x.NameARFull}))
		} else {
			provinces = append(provinces, x.Slug)
		}
	}
	for _, x := range p.facilities {
		if p.arabic {
			types = append(types, x.NameAR)
		} else {
			types = append(types, x.Slug)
		}
	}
	names("region", regions)
	names("province", provinces)
	names("facility_type", types)
	buf = append(buf, "\nsummary: "...)
	buf = append(buf, yamlQuote(p.summary)...)
	if len(p.tags) > 0 {
		buf = append(buf, "\ntags: ["...)
		buf = append(buf, strings.Join(p.tags, ", ")...)
		buf = append(buf, ']')
	}
	if p.draft {
		buf = append(buf, "\ndraft: true"...)
	}
	buf = append(buf, "\n---\n\n"...)

	b := &body{c: c, out: buf}
	b.build()
	return b.out, b.words
}
