package catalog

import (
	"reflect"
	"testing"
)

func TestChannelCellsAreReadAsTheTemplatesSet(t *testing.T) {
	cases := []struct {
		cell  string
		want  []Channel
		other string
	}{
		{"■政府网站 □政府公报 ■两微一端 □发布会/听证会", []Channel{Website, NewMedia}, ""},
		{"■政府网站■政府公报□两微一端", []Channel{Website, Gazette}, ""},
		{"☑政府网站\n☐政府公报\n☑入户/现场", []Channel{Website, DoorToDoor}, ""},
		{"■政府网站　□政府公报　■其他：村广播、微信群", []Channel{Website, OtherChannel}, "村广播、微信群"},
		{"□其他（请注明）", nil, ""},
		{"政府网站、政务新媒体", []Channel{Website, NewMedia}, ""},
		{"政府网站，电子屏;公示栏 现场", []Channel{Website, DoorToDoor, NoticeBoard}, ""},
		{"县政府门户网站和微信公众号", []Channel{Website, NewMedia}, ""},
		{"政务服务大厅、乡镇便民服务中心、村便民服务站", []Channel{ServiceCenter, ServiceStation}, ""},
		{"发布会/听证会、广播电视、报纸、档案馆、精准推送", []Channel{PressEvent, Broadcasting, Print, ReadingPoint, Targeted}, ""},
		{"政府网站、村民小组会议", []Channel{Website, OtherChannel}, "村民小组会议"},
		{"其他：张贴于村委会", []Channel{OtherChannel}, "张贴于村委会"},
		{"", nil, ""},
	}
	for _, c := range cases {
		got, other := parseChannels(c.cell)
		if !reflect.DeepEqual(got, c.want) || other != c.other {
			t.Errorf("%q: got %v, other %q; want %v, other %q", c.cell, got, other, c.want, c.other)
		}
	}
}

// Every channel written as the checklist is read back as itself.
func TestTheChecklistReadsBackEachChannel(t *testing.T) {
	for _, c := range Channels {
		other := ""
		if c == OtherChannel {
			other = "村广播"
		}
		got, gotOther := parseChannels(channelChecklist([]Channel{c}, other))
		if !reflect.DeepEqual(got, []Channel{c}) || gotOther != other {
			t.Errorf("%s: read back as %v, other %q", c, got, gotOther)
		}
	}
}
