package bot

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestVisibleLenCountsTextAfterParsingInUTF16(t *testing.T) {
	for text, want := range map[string]int{
		"<b>五华</b>发布":                  4,
		"a &lt; b &amp;&amp; c":        10,
		"👍":                            2,
		"<a href=\"https://x\">链接</a>": 2,
	} {
		if got := visibleLen(text); got != want {
			t.Errorf("visibleLen(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestFitTextCutsAtLineEndsAndClosesTags(t *testing.T) {
	line := "<b>" + strings.Repeat("长", 100) + "</b>"
	text := strings.Repeat(line+"\n", 60) + "<i>" + strings.Repeat("尾", 50) + "\n" + strings.Repeat("尾", 50) + "</i>"
	got := fitText(text, maxText, func() string { return "（其余未显示）" })
	if n := visibleLen(got); n > maxText {
		t.Fatalf("fitted text is %d characters, over %d", n, maxText)
	}
	if !strings.HasSuffix(got, "\n（其余未显示）") || strings.Count(got, "<b>") != strings.Count(got, "</b>") {
		t.Fatalf("cut text lost its note or left a tag open:\n…%s", got[len(got)-200:])
	}
	if short := "短<b>消息</b>"; fitText(short, maxText, func() string { return "x" }) != short {
		t.Fatal("a short text was changed")
	}
	one := strings.Repeat("长", 5000) // a single line over the limit
	if got := fitText(one, maxText, func() string { return "…" }); visibleLen(got) > maxText || !strings.HasPrefix(got, "长长") {
		t.Fatalf("one long line was fitted to %d characters", visibleLen(got))
	}
}

func TestFitLinesEndsWithHowManyMore(t *testing.T) {
	var lines []string
	for i := 0; i < 500; i++ {
		lines = append(lines, strings.Repeat("账", 20))
	}
	more := func(n int) string { return "还有 " + strings.Repeat("9", 1) + " 项" }
	got, shown := fitLines(lines, 1000, more)
	if shown == 0 || shown >= 500 || len(got) != shown+1 || got[len(got)-1] != more(0) {
		t.Fatalf("shown %d of 500 in %d lines", shown, len(got))
	}
	total := 0
	for _, l := range got {
		total += visibleLen(l) + 1
	}
	if total > 1000 {
		t.Fatalf("the fitted lines take %d, over the budget of 1000", total)
	}
	if got, shown := fitLines(lines[:3], 1000, more); shown != 3 || len(got) != 3 {
		t.Fatal("a short list was changed")
	}
}

func TestPagesSplitsALongTextIntoPartsTelegramTakes(t *testing.T) {
	text := strings.Repeat(strings.Repeat("审", 300)+"\n", 40)
	parts := pages(text, maxText, 20)
	if len(parts) < 3 {
		t.Fatalf("%d parts for 12,000 characters", len(parts))
	}
	joined := strings.Join(parts, "\n")
	if strings.Count(joined, "审") != 12000 {
		t.Fatalf("the parts hold %d characters of 12,000", strings.Count(joined, "审"))
	}
	for i, p := range parts {
		if visibleLen(p)+20 > maxText {
			t.Errorf("part %d is %d characters", i, visibleLen(p))
		}
	}
}

func TestCleanMarkupSendsNoKeyboardTelegramRefuses(t *testing.T) {
	var logs strings.Builder
	b := &Bot{log: slog.New(slog.NewTextHandler(&logs, nil))}
	long := strings.Repeat("9", 65)
	got := b.cleanMarkup(inline([][]models.InlineKeyboardButton{{}, {button("长", "i:"+long)}, {button("好", "i:1")}}))
	m, ok := got.(*models.InlineKeyboardMarkup)
	if !ok || len(m.InlineKeyboard) != 1 || m.InlineKeyboard[0][0].CallbackData != "i:1" {
		t.Fatalf("cleaned keyboard: %+v", got)
	}
	if !strings.Contains(logs.String(), "a button Telegram would refuse") {
		t.Fatal("a button over 64 bytes was dropped without a word in the log")
	}
	if b.cleanMarkup(inline(nil)) != nil || b.cleanMarkup(inline([][]models.InlineKeyboardButton{{}})) != nil {
		t.Fatal("an inline keyboard without buttons was not left out")
	}
}
