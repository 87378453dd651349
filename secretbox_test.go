package govmedia_test

import (
	"bytes"
	"errors"
	"testing"

	"govmedia"
)

func TestSealedValuesOpenOnlyWithTheirKeyAndPurpose(t *testing.T) {
	key, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	other, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	box, _ := govmedia.NewSecretBox(key)
	otherBox, _ := govmedia.NewSecretBox(other)
	sealed := box.Seal("account.phone", []byte("13987654321"))
	if bytes.Contains(sealed, []byte("13987654321")) {
		t.Fatal("the sealed value holds the plain text")
	}
	if plain, err := box.Open("account.phone", sealed); err != nil || string(plain) != "13987654321" {
		t.Fatalf("open: %q %v", plain, err)
	}
	if _, err := box.Open("wechat.app_secret", sealed); err == nil {
		t.Fatal("a phone opened as an AppSecret")
	}
	if _, err := otherBox.Open("account.phone", sealed); !errors.Is(err, govmedia.ErrWrongKey) {
		t.Fatalf("another key: got %v, want ErrWrongKey", err)
	}
	if _, err := govmedia.ParseSecretKey("c2hvcnQ="); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
}
