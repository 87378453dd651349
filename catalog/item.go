// Package catalog keeps each grassroots government's standard catalog of
// public-affairs items (政务公开事项标准目录) for the 26 pilot domains: its
// items with the official columns, its versions (draft → in review →
// approved → current, earlier ones kept as they were), import from the
// official template as departments fill it, export back to it, the diff
// between versions, search, and completeness against the county's list.
package catalog

// Item is one row of a catalog, with the official template's columns.
type Item struct {
	Seq           int        `json:"序号"`
	Level1        string     `json:"一级事项"`           // 公开事项 · 一级事项
	Level2        string     `json:"二级事项"`           // 公开事项 · 二级事项
	Content       string     `json:"公开内容(要素)"`       // 公开内容（要素）
	Basis         string     `json:"公开依据"`           // 公开依据
	Deadline      string     `json:"公开时限"`           // 公开时限
	Subject       string     `json:"公开主体"`           // 公开主体
	Channels      []Channel  `json:"公开渠道和载体"`        // 公开渠道和载体, as a set
	ChannelsOther string     `json:"其他渠道,omitempty"` // the free text of 其他, or words not understood
	Audiences     []Audience `json:"公开对象"`           // 全社会 / 特定群体
	Modes         []Mode     `json:"公开方式"`           // 主动 / 依申请
	Levels        []Level    `json:"公开层级"`           // 县级 / 乡级 (乡、村级, 镇级 / 村级)
}

// Channel is one of the channels and carriers of disclosure the template
// lists (公开渠道和载体).
type Channel string

// The channels, in the template's order.
const (
	Website        Channel = "政府网站"
	Gazette        Channel = "政府公报"
	NewMedia       Channel = "两微一端"
	PressEvent     Channel = "发布会/听证会"
	Broadcasting   Channel = "广播电视"
	Print          Channel = "纸质媒体"
	ReadingPoint   Channel = "公开查阅点"
	ServiceCenter  Channel = "政务服务中心"
	ServiceStation Channel = "便民服务站"
	DoorToDoor     Channel = "入户/现场"
	NoticeBoard    Channel = "公示栏（电子屏）"
	Targeted       Channel = "精准推送"
	OtherChannel   Channel = "其他"
)

// Channels lists every channel in the template's order.
var Channels = []Channel{Website, Gazette, NewMedia, PressEvent, Broadcasting, Print, ReadingPoint,
	ServiceCenter, ServiceStation, DoorToDoor, NoticeBoard, Targeted, OtherChannel}

// Audience is whom an item is disclosed to (公开对象).
type Audience string

// The audiences.
const (
	Society  Audience = "全社会"
	Specific Audience = "特定群体"
)

// Mode is how an item is disclosed (公开方式).
type Mode string

// The modes.
const (
	Proactive Mode = "主动"
	OnRequest Mode = "依申请"
)

// Level is the level of government that discloses an item (公开层级).
// Counties' templates name the lower levels 乡级, 乡、村级 or 镇级 / 村级:
// all are read as Township (and Village where the column names 村).
type Level string

// The levels.
const (
	CountyLevel   Level = "县级"
	TownshipLevel Level = "乡级"
	VillageLevel  Level = "村级"
)
