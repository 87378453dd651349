package govmedia

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// SecretBox seals secrets (AppSecrets, tokens, AES keys, phone numbers)
// before they are stored, with AES-256-GCM under GOVMEDIA_SECRET_KEY.
// A sealed value starts with the fingerprint of the key that sealed it, so
// that a rotation can tell old values from new ones.
type SecretBox struct {
	aead        cipher.AEAD
	fingerprint [4]byte
}

// KeySize is the length of a secret key in bytes.
const KeySize = 32

// NewSecretBox returns a box for a 32-byte key.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("govmedia key fingerprint\x00"), key...))
	b := &SecretBox{aead: aead}
	copy(b.fingerprint[:], sum[:4])
	return b, nil
}

// ParseSecretKey decodes a base64 key (standard or URL alphabet).
func ParseSecretKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			if len(key) != KeySize {
				return nil, fmt.Errorf("must decode to %d bytes, got %d", KeySize, len(key))
			}
			return key, nil
		}
	}
	return nil, errors.New("must be base64")
}

// NewSecretKey returns 32 random bytes, base64-encoded.
func NewSecretKey() string {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(key)
}

// Fingerprint names the key without revealing it.
func (b *SecretBox) Fingerprint() string { return hex.EncodeToString(b.fingerprint[:]) }

// Seal encrypts plain for the given purpose (such as "account.phone"); a
// value sealed for one purpose does not open for another.
func (b *SecretBox) Seal(purpose string, plain []byte) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	out := append(b.fingerprint[:], nonce...)
	return b.aead.Seal(out, nonce, plain, []byte(purpose))
}

// SealString seals a string; the empty string seals to nil.
func (b *SecretBox) SealString(purpose, plain string) []byte {
	if plain == "" {
		return nil
	}
	return b.Seal(purpose, []byte(plain))
}

// ErrWrongKey means a value was sealed under another key.
var ErrWrongKey = errors.New("sealed under another key")

// Open decrypts a value sealed by Seal with the same key and purpose.
func (b *SecretBox) Open(purpose string, sealed []byte) ([]byte, error) {
	n := len(b.fingerprint) + b.aead.NonceSize()
	if len(sealed) < n+b.aead.Overhead() {
		return nil, errors.New("sealed value too short")
	}
	if [4]byte(sealed[:4]) != b.fingerprint {
		return nil, ErrWrongKey
	}
	return b.aead.Open(nil, sealed[4:n], sealed[n:], []byte(purpose))
}

// OpenString opens a sealed string; nil opens to "".
func (b *SecretBox) OpenString(purpose string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := b.Open(purpose, sealed)
	return string(plain), err
}
