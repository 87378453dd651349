package catalog

import (
	"govmedia/registry"
	"slices"
	"strings"
	"unicode"
)

// field is what a column of the template holds.
type field int

const (
	noField field = iota
	seqField
	level1Field
	level2Field
	contentField
	basisField
	deadlineField
	subjectField
	channelsField // the ■/□ checklist or a list of channels in one cell
	domainField
	audienceMark // a sub-column of 公开对象 marked √
	modeMark
	levelMark
	channelMark // a sub-column of 公开渠道和载体 marked √
	audienceWords
	modeWords
	levelWords
)

// group is a header merged over sub-columns.
type group int

const (
	noGroup group = iota
	itemsGroup
	audienceGroup
	modeGroup
	levelGroup
	channelsGroup
)

// meaning is what a header word says: a column, a group over columns, or
// a sub-column and what a mark in it means.
type meaning struct {
	field  field
	group  group
	values []string // the Audience, Mode, Level(s) or Channel a mark means
}

func (m meaning) sub() bool {
	return m.values != nil || m.field == level1Field || m.field == level2Field
}

// headerWords are the headers of the template and the wordings counties
// use for them, in normal form (see registry.HeaderKeys).
var headerWords = map[string]meaning{
	"序号": {field: seqField}, "编号": {field: seqField}, "序列号": {field: seqField}, "顺序号": {field: seqField},
	"公开事项": {group: itemsGroup}, "事项": {group: itemsGroup}, "事项名称": {group: itemsGroup},
	"一级事项": {field: level1Field}, "一级": {field: level1Field}, "一级公开事项": {field: level1Field}, "一级目录": {field: level1Field},
	"二级事项": {field: level2Field}, "二级": {field: level2Field}, "二级公开事项": {field: level2Field}, "二级目录": {field: level2Field},
	"公开内容": {field: contentField}, "公开内容要素": {field: contentField}, "公开要素": {field: contentField}, "内容": {field: contentField}, "要素": {field: contentField},
	"公开依据": {field: basisField}, "依据": {field: basisField}, "法律依据": {field: basisField}, "政策依据": {field: basisField},
	"公开时限": {field: deadlineField}, "时限": {field: deadlineField}, "公开时间": {field: deadlineField},
	"公开主体": {field: subjectField}, "责任主体": {field: subjectField}, "公开责任主体": {field: subjectField},
	"主体": {field: subjectField}, "责任单位": {field: subjectField}, "公开责任单位": {field: subjectField}, "公开单位": {field: subjectField},
	"公开渠道和载体": {field: channelsField, group: channelsGroup}, "公开渠道": {field: channelsField, group: channelsGroup},
	"公开载体": {field: channelsField, group: channelsGroup}, "公开渠道及载体": {field: channelsField, group: channelsGroup},
	"渠道和载体": {field: channelsField, group: channelsGroup}, "渠道": {field: channelsField, group: channelsGroup}, "载体": {field: channelsField, group: channelsGroup},
	"领域": {field: domainField}, "试点领域": {field: domainField}, "所属领域": {field: domainField}, "公开领域": {field: domainField}, "领域名称": {field: domainField},
	"公开对象": {field: audienceWords, group: audienceGroup}, "对象": {field: audienceWords, group: audienceGroup},
	"公开方式": {field: modeWords, group: modeGroup}, "方式": {field: modeWords, group: modeGroup},
	"公开层级": {field: levelWords, group: levelGroup}, "层级": {field: levelWords, group: levelGroup},
}

// markWords are the sub-columns under 公开对象, 公开方式 and 公开层级, and the
// words a cell of a column without sub-columns may hold.
var markWords = map[string]meaning{
	"全社会": aud(Society), "社会": aud(Society), "社会公众": aud(Society),
	"特定群体": aud(Specific), "特定对象": aud(Specific), "特定人群": aud(Specific),
	"主动": mode(Proactive), "主动公开": mode(Proactive),
	"依申请": mode(OnRequest), "依申请公开": mode(OnRequest),
	"县级": lvl(CountyLevel), "区级": lvl(CountyLevel), "县区级": lvl(CountyLevel), "县市区级": lvl(CountyLevel), "县": lvl(CountyLevel),
	"乡级": lvl(TownshipLevel), "镇级": lvl(TownshipLevel), "乡镇级": lvl(TownshipLevel), "街道级": lvl(TownshipLevel),
	"乡镇街道级": lvl(TownshipLevel), "乡": lvl(TownshipLevel), "乡镇": lvl(TownshipLevel),
	"乡村级": lvl(TownshipLevel, VillageLevel), "镇村级": lvl(TownshipLevel, VillageLevel), "镇级村级": lvl(TownshipLevel, VillageLevel),
	"村级": lvl(VillageLevel), "村居级": lvl(VillageLevel), "社区级": lvl(VillageLevel), "村": lvl(VillageLevel),
}

func aud(a Audience) meaning { return meaning{field: audienceMark, values: []string{string(a)}} }
func mode(m Mode) meaning    { return meaning{field: modeMark, values: []string{string(m)}} }
func lvl(l ...Level) meaning {
	m := meaning{field: levelMark}
	for _, v := range l {
		m.values = append(m.values, string(v))
	}
	return m
}

// lookupHeader finds what a header means, trying its normal form with the
// parenthesised part kept (公开内容（要素）) and then without it (乡（镇）级).
func lookupHeader(h string) (meaning, bool) {
	for _, k := range registry.HeaderKeys(h) {
		if m, ok := headerWords[k]; ok {
			return m, true
		}
		if m, ok := markWords[k]; ok {
			return m, true
		}
		if ch, ok := channelHeader(k); ok {
			return meaning{field: channelMark, values: []string{string(ch)}}, true
		}
	}
	return meaning{}, false
}

// yesMarks and noMarks are what a sub-column's cell may hold: √ and the
// marks that stand for it as people type them, and the ways of writing no.
var (
	yesMarks = []string{"√", "✓", "✔", "☑", "●", "■", "是", "有", "v", "y", "yes"}
	noMarks  = []string{"", "×", "✗", "✘", "否", "无", "空", "/", "／", "-", "—", "－", "n", "no", "□", "☐"}
)

// readMark reads a mark: yes or no, and ok false for anything else.
func readMark(cell string) (yes, ok bool) {
	cell = strings.ToLower(strings.TrimFunc(cell, unicode.IsSpace))
	if slices.Contains(yesMarks, cell) {
		return true, true
	}
	return false, slices.Contains(noMarks, cell)
}
