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
	"maps"
	"sync"
)

// SecretBox seals secrets (AppSecrets, tokens, AES keys, phone numbers)
// before they are stored, with AES-256-GCM. It is a keyring: it knows one
// or more keys, seals under the current one, and opens a value under
// whichever key sealed it, as every sealed value starts with the
// fingerprint of its key. It starts with GOVMEDIA_SECRET_KEY; a key
// rotation teaches it the new key while it runs (package keyring), so that
// a replica keeps opening and sealing across a rotation without a restart.
// It is safe for concurrent use.
type SecretBox struct {
	mu      sync.RWMutex
	keys    map[[4]byte]*boxKey
	current [4]byte
}

// boxKey is one key of a box: the key itself (to wrap it for a handover,
// and to derive signing keys from) and its cipher.
type boxKey struct {
	raw  []byte
	aead cipher.AEAD
}

// KeySize is the length of a secret key in bytes.
const KeySize = 32

// NewSecretBox returns a box that knows one 32-byte key and seals under it.
func NewSecretBox(key []byte) (*SecretBox, error) {
	b := &SecretBox{keys: map[[4]byte]*boxKey{}}
	fp, err := b.learn(key)
	if err != nil {
		return nil, err
	}
	b.current = fp
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

// KeyFingerprint names a key without revealing it: the hex of the first
// four bytes of a labelled SHA-256 of it.
func KeyFingerprint(key []byte) string {
	fp := fingerprintOf(key)
	return hex.EncodeToString(fp[:])
}

func fingerprintOf(key []byte) [4]byte {
	sum := sha256.Sum256(append([]byte("govmedia key fingerprint\x00"), key...))
	return [4]byte(sum[:4])
}

// SealedFingerprint returns the fingerprint of the key a value was sealed
// under, "" for a value too short to carry one.
func SealedFingerprint(sealed []byte) string {
	if len(sealed) < 4 {
		return ""
	}
	return hex.EncodeToString(sealed[:4])
}

// Fingerprint names the key the box seals under.
func (b *SecretBox) Fingerprint() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return hex.EncodeToString(b.current[:])
}

// Learn adds a key the box can open values under (and seal under, once
// Use makes it current), and returns its fingerprint.
func (b *SecretBox) Learn(key []byte) (string, error) {
	fp, err := b.learn(key)
	return hex.EncodeToString(fp[:]), err
}

func (b *SecretBox) learn(key []byte) ([4]byte, error) {
	fp := fingerprintOf(key)
	if len(key) != KeySize {
		return fp, fmt.Errorf("secret key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return fp, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return fp, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.keys[fp] == nil {
		b.keys[fp] = &boxKey{raw: append([]byte(nil), key...), aead: aead}
	}
	return fp, nil
}

// Knows reports whether the box holds the key with the given fingerprint.
func (b *SecretBox) Knows(fingerprint string) bool {
	_, ok := b.key(fingerprint)
	return ok
}

// Use makes the known key with the given fingerprint the one the box seals
// under. Errors: ErrWrongKey (the box does not know it).
func (b *SecretBox) Use(fingerprint string) error {
	fp, ok := parseFingerprint(fingerprint)
	b.mu.Lock()
	defer b.mu.Unlock()
	if !ok || b.keys[fp] == nil {
		return ErrWrongKey
	}
	b.current = fp
	return nil
}

// Clone returns a box with the same keys, to be changed apart from b.
func (b *SecretBox) Clone() *SecretBox {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return &SecretBox{keys: maps.Clone(b.keys), current: b.current}
}

func (b *SecretBox) key(fingerprint string) (*boxKey, bool) {
	fp, ok := parseFingerprint(fingerprint)
	if !ok {
		return nil, false
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	k := b.keys[fp]
	return k, k != nil
}

func parseFingerprint(s string) ([4]byte, bool) {
	raw, err := hex.DecodeString(s)
	if err != nil || len(raw) != 4 {
		return [4]byte{}, false
	}
	return [4]byte(raw), true
}

// Seal encrypts plain for the given purpose (such as "account.phone")
// under the current key; a value sealed for one purpose does not open for
// another.
func (b *SecretBox) Seal(purpose string, plain []byte) []byte {
	sealed, err := b.SealUnder(b.Fingerprint(), purpose, plain)
	if err != nil {
		panic(err) // the current key is always known
	}
	return sealed
}

// SealUnder is Seal under the known key with the given fingerprint.
// Errors: ErrWrongKey (the box does not know it).
func (b *SecretBox) SealUnder(fingerprint, purpose string, plain []byte) ([]byte, error) {
	k, ok := b.key(fingerprint)
	if !ok {
		return nil, ErrWrongKey
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	fp := fingerprintOf(k.raw)
	out := append(fp[:], nonce...)
	return k.aead.Seal(out, nonce, plain, []byte(purpose)), nil
}

// SealString seals a string under the current key; the empty string seals to nil.
func (b *SecretBox) SealString(purpose, plain string) []byte {
	if plain == "" {
		return nil
	}
	return b.Seal(purpose, []byte(plain))
}

// ErrWrongKey means a value was sealed under a key the box does not know.
var ErrWrongKey = errors.New("sealed under another key")

// Open decrypts a value sealed by Seal under any key the box knows, for
// the same purpose.
func (b *SecretBox) Open(purpose string, sealed []byte) ([]byte, error) {
	if len(sealed) < 4+12+16 {
		return nil, errors.New("sealed value too short")
	}
	k, ok := b.key(SealedFingerprint(sealed))
	if !ok {
		return nil, ErrWrongKey
	}
	n := 4 + k.aead.NonceSize()
	return k.aead.Open(nil, sealed[4:n], sealed[n:], []byte(purpose))
}

// OpenString opens a sealed string; nil opens to "".
func (b *SecretBox) OpenString(purpose string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := b.Open(purpose, sealed)
	return string(plain), err
}

// keyPurpose is the purpose a key is sealed for when it is handed over.
func keyPurpose(fingerprint string) string { return "secret.key:" + fingerprint }

// WrapKey returns the known key with fingerprint sealed under the known key
// under, so that a replica that holds only under can learn it (UnwrapKey).
// Errors: ErrWrongKey (either key unknown).
func (b *SecretBox) WrapKey(fingerprint, under string) ([]byte, error) {
	k, ok := b.key(fingerprint)
	if !ok {
		return nil, ErrWrongKey
	}
	return b.SealUnder(under, keyPurpose(fingerprint), k.raw)
}

// UnwrapKey opens a key wrapped by WrapKey under a key the box knows,
// checks that it is the key with fingerprint, and learns it.
func (b *SecretBox) UnwrapKey(fingerprint string, wrapped []byte) error {
	raw, err := b.Open(keyPurpose(fingerprint), wrapped)
	if err != nil {
		return err
	}
	if KeyFingerprint(raw) != fingerprint {
		return fmt.Errorf("the key handed over as %s has fingerprint %s", fingerprint, KeyFingerprint(raw))
	}
	_, err = b.Learn(raw)
	return err
}
