package wechattest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/util"
)

// The vector: WeChat's sample EncodingAESKey and a fixed random prefix.
const (
	vectorKey   = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	vectorAppID = "wxb11529c136998cb6"
	vectorMsg   = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[你好]]></Content></xml>"
)

var vectorRandom = []byte("0123456789abcdef")

// expectedCiphertext derives the vector's ciphertext step by step from the
// document, independently of EncryptMessage.
func expectedCiphertext(t *testing.T) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(vectorKey + "=")
	if err != nil || len(key) != 32 {
		t.Fatalf("sample key does not decode to 32 bytes: %v", err)
	}
	var plain bytes.Buffer
	plain.Write(vectorRandom)
	_ = binary.Write(&plain, binary.BigEndian, uint32(len(vectorMsg)))
	plain.WriteString(vectorMsg + vectorAppID)
	n := 32 - plain.Len()%32
	plain.Write(bytes.Repeat([]byte{byte(n)}, n))
	block, _ := aes.NewCipher(key)
	out := plain.Bytes()
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, out)
	return base64.StdEncoding.EncodeToString(out)
}

func TestEncryptMessageMatchesTheDocumentedAlgorithm(t *testing.T) {
	got, err := EncryptMessage(vectorKey, vectorAppID, vectorRandom, []byte(vectorMsg))
	if err != nil {
		t.Fatal(err)
	}
	if want := expectedCiphertext(t); got != want {
		t.Fatalf("ciphertext differs from the document's algorithm:\n got %s\nwant %s", got, want)
	}
}

func TestSilenceperDecryptsOurMessage(t *testing.T) {
	enc, err := EncryptMessage(vectorKey, vectorAppID, vectorRandom, []byte(vectorMsg))
	if err != nil {
		t.Fatal(err)
	}
	random, msg, err := util.DecryptMsg(vectorAppID, enc, vectorKey)
	if err != nil {
		t.Fatalf("silenceper could not decrypt our message: %v", err)
	}
	if string(msg) != vectorMsg || !bytes.Equal(random, vectorRandom) {
		t.Fatalf("silenceper decrypted %q with random %q, want %q and %q", msg, random, vectorMsg, vectorRandom)
	}
}

func TestWeDecryptSilenceperMessage(t *testing.T) {
	enc, err := util.EncryptMsg(vectorRandom, []byte(vectorMsg), vectorAppID, vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	if want := expectedCiphertext(t); string(enc) != want {
		t.Fatalf("silenceper's ciphertext differs from the documented algorithm: %s", enc)
	}
	msg, err := DecryptMessage(vectorKey, vectorAppID, string(enc))
	if err != nil || string(msg) != vectorMsg {
		t.Fatalf("DecryptMessage = %q, %v; want %q", msg, err, vectorMsg)
	}
}

func TestPaddingAddsAWholeBlockWhenAligned(t *testing.T) {
	// 16 + 4 + len(msg) + len(appid) = 64: a multiple of 32 gets 32 more.
	msg := strings.Repeat("x", 64-20-len(vectorAppID))
	enc, _ := EncryptMessage(vectorKey, vectorAppID, vectorRandom, []byte(msg))
	raw, _ := base64.StdEncoding.DecodeString(enc)
	if len(raw) != 96 {
		t.Fatalf("ciphertext of 64 aligned bytes has %d bytes, want 96", len(raw))
	}
}

func TestDecryptRejectsAnotherAppID(t *testing.T) {
	enc, _ := EncryptMessage(vectorKey, vectorAppID, nil, []byte(vectorMsg))
	if _, err := DecryptMessage(vectorKey, "wxother", enc); err == nil {
		t.Fatal("a message sealed for another appid was accepted")
	}
}

func TestSignatureMatchesSilenceper(t *testing.T) {
	parts := []string{"token", "1409304348", "xxxxxx", "encrypted"}
	if got, want := Signature(parts...), util.Signature(parts...); got != want {
		t.Fatalf("Signature = %s, silenceper says %s", got, want)
	}
}

func TestVerifyAndDecryptChecksTheSignature(t *testing.T) {
	enc, _ := EncryptMessage(vectorKey, vectorAppID, nil, []byte(vectorMsg))
	sig := Signature("tok", "1", "n", enc)
	if _, err := VerifyAndDecrypt("tok", vectorKey, vectorAppID, "1", "n", sig, enc); err != nil {
		t.Fatalf("valid signature refused: %v", err)
	}
	if _, err := VerifyAndDecrypt("tok", vectorKey, vectorAppID, "2", "n", sig, enc); err != ErrBadSignature {
		t.Fatalf("tampered timestamp gave %v, want ErrBadSignature", err)
	}
}
