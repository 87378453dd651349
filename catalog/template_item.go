package catalog

import (
	"slices"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// itemReading is one row being read into an item.
type itemReading struct {
	item     Item
	marks    map[field][]string // the audiences, modes and levels marked
	domain   string             // the 领域 cell
	modeBad  bool               // a 公开方式 cell was not understood (and is reported)
	problems []problem
}

type problem struct {
	column string
	err    *govmedia.Error
}

// item reads one row into an item of its domain, or records its problems.
func (p *parser) item(s *sheetReading, r row, cols []column) {
	ir := &itemReading{marks: map[field][]string{}}
	for _, c := range cols {
		ir.cell(c, r.Cell(c.index))
	}
	ir.finish(s)
	code := p.rowDomain(s, r, ir)
	for _, pr := range ir.problems {
		p.errs = append(p.errs, govmedia.FieldError{Sheet: s.sheet, Row: r.Num, Column: pr.column, Err: pr.err})
	}
	if len(ir.problems) == 0 && code != "" {
		p.add(s, r.Num, code, ir.item)
	}
}

// cell reads one cell of the row as its column says.
func (ir *itemReading) cell(c column, v string) {
	it := &ir.item
	switch c.field {
	case seqField:
		it.Seq = seqNumber(v)
	case level1Field:
		it.Level1 = v
	case level2Field:
		it.Level2 = v
	case contentField:
		it.Content = v
	case basisField:
		it.Basis = v
	case deadlineField:
		it.Deadline = v
	case subjectField:
		it.Subject = v
	case domainField:
		ir.domain = v
	case channelsField:
		chs, other := parseChannels(v)
		it.Channels = append(it.Channels, chs...)
		ir.addOther(other)
	case channelMark:
		ir.channelMark(c, v)
	case audienceMark, modeMark, levelMark:
		ir.mark(c, v)
	case audienceWords, modeWords, levelWords:
		ir.words(c, v)
	}
}

// mark reads a √ (or ✓, 是 …) in a sub-column of 公开对象, 公开方式 or 公开层级.
func (ir *itemReading) mark(c column, v string) {
	yes, ok := readMark(v)
	if !ok {
		ir.modeBad = ir.modeBad || c.field == modeMark
		ir.problem(c.header, govmedia.Errorf(govmedia.EINVALID, "catalog_import.mark_invalid", "value", v))
		return
	}
	if yes {
		ir.marks[c.field] = append(ir.marks[c.field], c.values...)
	}
}

// channelMark reads a sub-column of 公开渠道和载体: a mark, or for 其他 the
// free text itself.
func (ir *itemReading) channelMark(c column, v string) {
	yes, ok := readMark(v)
	ch := Channel(c.values[0])
	switch {
	case !ok && ch == OtherChannel:
		ir.item.Channels = append(ir.item.Channels, OtherChannel)
		ir.addOther(v)
	case !ok:
		ir.problem(c.header, govmedia.Errorf(govmedia.EINVALID, "catalog_import.mark_invalid", "value", v))
	case yes:
		ir.item.Channels = append(ir.item.Channels, ch)
		ir.addOther(c.other)
	}
}

// words reads a 公开对象, 公开方式 or 公开层级 column without sub-columns,
// whose cells name the choices ("主动、依申请").
func (ir *itemReading) words(c column, v string) {
	for _, w := range strings.FieldsFunc(v, isSeparator) {
		m, ok := lookupWord(w)
		if !ok || m.field != wordsMark[c.field] {
			ir.modeBad = ir.modeBad || c.field == modeWords
			ir.problem(c.header, govmedia.Errorf(govmedia.EINVALID, "catalog_import.choice_invalid",
				"value", w, "expected", expectedWords[c.field]))
			continue
		}
		f := m.field
		ir.marks[f] = append(ir.marks[f], m.values...)
	}
}

func lookupWord(w string) (meaning, bool) {
	for _, k := range registry.HeaderKeys(w) {
		if m, ok := markWords[k]; ok {
			return m, true
		}
	}
	return meaning{}, false
}

// wordsMark is the mark a word in a column without sub-columns stands for.
var wordsMark = map[field]field{audienceWords: audienceMark, modeWords: modeMark, levelWords: levelMark}

// expectedWords are the choices of each column without sub-columns.
var expectedWords = map[field]string{
	audienceWords: "全社会、特定群体",
	modeWords:     "主动、依申请",
	levelWords:    "县级、乡级、村级",
}

func (ir *itemReading) addOther(text string) {
	switch {
	case text == "":
	case ir.item.ChannelsOther == "":
		ir.item.ChannelsOther = text
	default:
		ir.item.ChannelsOther += "、" + text
	}
}

func (ir *itemReading) problem(column string, err *govmedia.Error) {
	ir.problems = append(ir.problems, problem{column: column, err: err})
}

// finish carries the first-level item down, orders the marks, and checks
// what every item must have.
func (ir *itemReading) finish(s *sheetReading) {
	it := &ir.item
	if it.Level1 == "" {
		it.Level1 = s.level1
	}
	s.level1 = it.Level1
	if it.ChannelsOther != "" {
		it.Channels = append(it.Channels, OtherChannel)
	}
	it.Channels = orderChannels(it.Channels)
	it.Audiences = ordered(ir.marks[audienceMark], Society, Specific)
	it.Modes = ordered(ir.marks[modeMark], Proactive, OnRequest)
	it.Levels = ordered(ir.marks[levelMark], CountyLevel, TownshipLevel, VillageLevel)
	if it.Level2 == "" {
		ir.problem("二级事项", govmedia.Errorf(govmedia.EINVALID, "catalog_import.level2_missing"))
	}
	if len(it.Modes) == 0 && !ir.modeBad {
		ir.problem("公开方式", govmedia.Errorf(govmedia.EINVALID, "catalog_import.mode_missing"))
	}
}

// ordered is the values marked, once each, in the template's order.
func ordered[T ~string](marked []string, order ...T) []T {
	var out []T
	for _, v := range order {
		if slices.Contains(marked, string(v)) {
			out = append(out, v)
		}
	}
	return out
}

// seqNumber reads a 序号 such as 3, 3.0 or 3、; 0 (numbered by position
// later) when it is none.
func seqNumber(v string) int {
	v = strings.TrimRight(v, ".．、")
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return n
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 1 && f < 1e9 && f == float64(int(f)) {
		return int(f)
	}
	return 0
}
