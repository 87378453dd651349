package registry

import "testing"

// TestLookalikeKeyFoldsWhatImpostorsChange: traditional characters,
// full-width forms, spaces, punctuation and added official-sounding words
// fold away, and what makes two names different stays.
func TestLookalikeKeyFoldsWhatImpostorsChange(t *testing.T) {
	cases := []struct{ name, want string }{
		{"五华发布", "五华发布"},
		{"五華發布", "五华发布"},
		{"五華發佈", "五华发布"},
		{"雲南省人民政府辦公廳", "云南省人民政府办公厅"},
		{"五华 发布", "五华发布"},
		{"五华　发布", "五华发布"},
		{"五华·发布", "五华发布"},
		{"五华-发布！", "五华发布"},
		{"「五华发布」", "五华发布"},
		{"五华\u200b发布", "五华发布"},
		{"五华发布官方", "五华发布"},
		{"官方五华发布", "五华发布"},
		{"五华发布平台", "五华发布"},
		{"五华发布官方平台", "五华发布"},
		{"五华发布（官方）", "五华发布"},
		{"五华发布服务号", "五华发布"},
		{"五华发布订阅号", "五华发布"},
		{"五华发布公众号", "五华发布"},
		{"五华发布官微", "五华发布"},
		{"官方 五華發布 服务平台", "五华发布"},
		{"【官方】五华发布", "五华发布"},
		{"五华发布_", "五华发布"},
		{"ＫＭ发布", "km发布"},
		{"KM 发布", "km发布"},
		{"五华区发布", "五华区发布"}, // another name, not a disguise
		{"五华发", "五华发"},
		{"官方", "官方"},     // nothing is left to trim it from
		{"官方平台", "官方平台"}, // nor here: a word alone is kept
		{"平台发布", "发布"},
	}
	for _, c := range cases {
		if got := lookalikeKey(c.name); got != c.want {
			t.Errorf("lookalikeKey(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
