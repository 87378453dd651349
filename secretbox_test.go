package govmedia_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
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

func TestABoxOpensUnderEveryKeyItKnowsAndSealsUnderItsCurrentOne(t *testing.T) {
	oldKey, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	newKey, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	box, _ := govmedia.NewSecretBox(oldKey)
	before := box.Seal("account.phone", []byte("13987654321"))
	fp, err := box.Learn(newKey)
	if err != nil || fp != govmedia.KeyFingerprint(newKey) {
		t.Fatalf("learn: %q %v", fp, err)
	}
	if box.Fingerprint() != govmedia.KeyFingerprint(oldKey) {
		t.Fatal("learning a key changed the key the box seals under")
	}
	if err := box.Use(fp); err != nil {
		t.Fatal(err)
	}
	after := box.Seal("account.phone", []byte("13900000000"))
	if govmedia.SealedFingerprint(after) != fp || govmedia.SealedFingerprint(before) != govmedia.KeyFingerprint(oldKey) {
		t.Fatal("a sealed value does not start with the fingerprint of its key")
	}
	for _, v := range [][]byte{before, after} {
		if _, err := box.Open("account.phone", v); err != nil {
			t.Fatalf("the box does not open a value under a key it knows: %v", err)
		}
	}
	if err := box.Use("00000000"); !errors.Is(err, govmedia.ErrWrongKey) {
		t.Fatalf("using an unknown key: %v", err)
	}
}

func TestAKeyHandedOverOpensOnlyWithTheKeyItIsWrappedUnder(t *testing.T) {
	oldKey, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	newKey, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	rotator, _ := govmedia.NewSecretBox(oldKey)
	next, _ := rotator.Learn(newKey)
	wrapped, err := rotator.WrapKey(next, rotator.Fingerprint())
	if err != nil || bytes.Contains(wrapped, newKey) {
		t.Fatalf("wrap: %v (or the wrapped key shows)", err)
	}
	replica, _ := govmedia.NewSecretBox(oldKey)
	if err := replica.UnwrapKey(next, wrapped); err != nil || !replica.Knows(next) {
		t.Fatalf("a replica holding the old key does not learn the new one: %v", err)
	}
	stranger, _ := govmedia.NewSecretBox(newKey)
	if err := stranger.UnwrapKey(govmedia.KeyFingerprint(oldKey), wrapped); err == nil {
		t.Fatal("a key unwrapped under the wrong name")
	}
}

func TestSignaturesUseAKeyDerivedForTheirLabel(t *testing.T) {
	key, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	box, _ := govmedia.NewSecretBox(key)
	msg := []byte("head 42")
	sig := box.Sign("audit.checkpoint", msg)
	if err := box.Verify("audit.checkpoint", msg, sig); err != nil {
		t.Fatalf("verify: %v", err)
	}
	plain := hmac.New(sha256.New, key)
	plain.Write(msg)
	if hmac.Equal(plain.Sum(nil), sig.MAC) {
		t.Fatal("the signature is an HMAC under the sealing key itself")
	}
	if err := box.Verify("other.label", msg, sig); !errors.Is(err, govmedia.ErrBadSignature) {
		t.Fatalf("a signature checked for another label: %v", err)
	}
	if err := box.Verify("audit.checkpoint", []byte("head 43"), sig); !errors.Is(err, govmedia.ErrBadSignature) {
		t.Fatalf("a signature checked for another message: %v", err)
	}
	other, _ := govmedia.NewSecretBox(mustKey(t))
	if err := other.Verify("audit.checkpoint", msg, sig); !errors.Is(err, govmedia.ErrWrongKey) {
		t.Fatalf("a box without the key: %v, want ErrWrongKey", err)
	}
}

func mustKey(t *testing.T) []byte {
	key, err := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	if err != nil {
		t.Fatal(err)
	}
	return key
}
