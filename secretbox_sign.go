package govmedia

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// Signature authenticates a message: an HMAC-SHA256 under a signing key
// derived (HKDF-SHA256) from the secret key with Fingerprint, with a label
// naming what is signed. The signing key is never the sealing key itself,
// and a signature made for one label does not check for another.
type Signature struct {
	Fingerprint string // the secret key the signing key derives from
	MAC         []byte
}

// ErrBadSignature means a signature does not match its message.
var ErrBadSignature = errors.New("the signature does not match")

// signingKey derives the key that signs for label from the key k.
func (k *boxKey) signingKey(label string) []byte {
	key, err := hkdf.Key(sha256.New, k.raw, nil, "govmedia signing key: "+label, 32)
	if err != nil {
		panic(err) // only for lengths sha256 cannot give
	}
	return key
}

func (k *boxKey) mac(label string, msg []byte) []byte {
	h := hmac.New(sha256.New, k.signingKey(label))
	h.Write(msg)
	return h.Sum(nil)
}

// Sign signs msg for label under the current key.
func (b *SecretBox) Sign(label string, msg []byte) Signature {
	sig, err := b.SignUnder(b.Fingerprint(), label, msg)
	if err != nil {
		panic(err) // the current key is always known
	}
	return sig
}

// SignUnder is Sign under the known key with the given fingerprint.
// Errors: ErrWrongKey (the box does not know it).
func (b *SecretBox) SignUnder(fingerprint, label string, msg []byte) (Signature, error) {
	k, ok := b.key(fingerprint)
	if !ok {
		return Signature{}, ErrWrongKey
	}
	return Signature{Fingerprint: fingerprint, MAC: k.mac(label, msg)}, nil
}

// Verify checks a signature of msg for label under whichever known key
// made it. Errors: ErrWrongKey (the box does not know that key),
// ErrBadSignature.
func (b *SecretBox) Verify(label string, msg []byte, sig Signature) error {
	k, ok := b.key(sig.Fingerprint)
	if !ok {
		return ErrWrongKey
	}
	if !hmac.Equal(k.mac(label, msg), sig.MAC) {
		return ErrBadSignature
	}
	return nil
}
