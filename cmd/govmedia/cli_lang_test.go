package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"govmedia"
)

// TestTheCommandLineSpeaksTheLanguageOfTheLocale runs the usage, a
// mistyped flag and orgs list under a Chinese and an English locale: the
// usage, the reasons and the table's headers and values are in the
// locale's language (LC_ALL before LANG), and the table's columns line up
// on a terminal, where a Chinese character takes two columns.
func TestTheCommandLineSpeaksTheLanguageOfTheLocale(t *testing.T) {
	setupCLI(t)
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	if code, _, usage := cli(t); code != 2 || !strings.Contains(usage, "用法：govmedia 命令 [参数]") || !strings.Contains(usage, "列出单位名录") {
		t.Errorf("the usage under zh_CN: %d\n%s", code, usage)
	}
	code, _, errOut := cli(t, "orgs", "list", "--nope")
	if code != 2 || !strings.Contains(errOut, "没有这个参数：-nope") || !strings.Contains(errOut, "用法：govmedia orgs list（列出单位名录）") {
		t.Errorf("a mistyped flag under zh_CN: %d %q", code, errOut)
	}
	code, out, errOut := cli(t, "orgs", "list")
	if code != 0 {
		t.Fatalf("orgs list: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "单位名称") || !strings.Contains(out, "五华区华山街道办事处") || !strings.Contains(out, "政府办公室") {
		t.Fatalf("orgs list under zh_CN:\n%s", out)
	}
	checkColumnsAlign(t, lines)

	t.Setenv("LC_ALL", "en_US.UTF-8") // before LANG, as POSIX orders them
	if code, _, usage := cli(t); code != 2 || !strings.Contains(usage, "usage: govmedia COMMAND [ARGS]") || !strings.Contains(usage, "list the org tree") {
		t.Errorf("the usage under LC_ALL=en_US: %d\n%s", code, usage)
	}
	if code, _, errOut := cli(t, "orgs", "list", "extra"); code != 2 || !strings.Contains(errOut, "want 0 argument(s), got 1") {
		t.Errorf("an extra argument under en_US: %d %q", code, errOut)
	}
	if _, out, _ := cli(t, "orgs", "list"); !strings.HasPrefix(out, "NAME") || !strings.Contains(out, "office") {
		t.Errorf("orgs list under en_US:\n%s", out)
	}
}

// checkColumnsAlign finds where each line's second column starts, counted
// in terminal columns: the same on every line.
func checkColumnsAlign(t *testing.T, lines []string) {
	t.Helper()
	start := func(line string) int {
		name := strings.TrimLeft(line, " ")
		i := strings.Index(name, "  ")
		if i < 0 {
			return -1
		}
		rest := strings.TrimLeft(name[i:], " ")
		return displayWidth(line[:len(line)-len(rest)])
	}
	want := start(lines[0])
	for _, l := range lines[1:] {
		if got := start(l); got != want {
			t.Fatalf("the second column starts at column %d, not %d as on the header:\n%s\n%s", got, want, lines[0], l)
		}
	}
}

// TestDisplayWidthCountsChineseAsTwo checks the widths the table pads by.
func TestDisplayWidthCountsChineseAsTwo(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "五华区": 6, "（一）": 6, "a五b": 4, "": 0, "é": 1} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestMigrateStatusShowsChinaTime lists the migrations: when each was
// applied reads in the city's time (China Standard Time), as every time
// the service shows does, whatever the machine's zone.
func TestMigrateStatusShowsChinaTime(t *testing.T) {
	url := setupCLI(t)
	var at time.Time
	if err := openDB(t, url).NewRaw("SELECT max(migrated_at) FROM bun_migrations").Scan(context.Background(), &at); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "migrate", "status")
	if code != 0 || !strings.Contains(out, "已执行（"+govmedia.FormatTime(at)+"）") {
		t.Fatalf("migrate status: %d %q %q; want the time applied as %s", code, out, errOut, govmedia.FormatTime(at))
	}
}
