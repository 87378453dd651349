package wechattest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// This file is WeChat's message crypto written from the platform's document
// ("消息加解密技术方案"): AESKey = Base64_Decode(EncodingAESKey + "="), a 32-byte
// key; AES-256-CBC with IV = AESKey[:16]; plaintext = random(16) + msg_len(4,
// big-endian) + msg + appid, PKCS#7-padded to a multiple of 32; the result is
// Base64. The signature is the SHA-1 hex of the sorted, concatenated strings.

// cryptoBlock is the PKCS#7 block size WeChat pads to (not AES's 16).
const cryptoBlock = 32

// ErrBadSignature is returned when a message signature does not match.
var ErrBadSignature = errors.New("wechattest: signature mismatch")

// Signature returns WeChat's signature of parts: the SHA-1 hex of the parts
// sorted and concatenated. With (token, timestamp, nonce) it is the URL
// "signature"; with the encrypted message added it is "msg_signature".
func Signature(parts ...string) string {
	sorted := append([]string(nil), parts...)
	sort.Strings(sorted)
	sum := sha1.Sum([]byte(strings.Join(sorted, "")))
	return hex.EncodeToString(sum[:])
}

// EncryptMessage encrypts msg for appID with the 43-character EncodingAESKey
// and returns the Base64 text WeChat puts in <Encrypt>. random is the 16-byte
// prefix; nil draws a fresh one.
func EncryptMessage(encodingAESKey, appID string, random, msg []byte) (string, error) {
	key, err := decodeAESKey(encodingAESKey)
	if err != nil {
		return "", err
	}
	if random == nil {
		random = make([]byte, 16)
		if _, err := rand.Read(random); err != nil {
			return "", err
		}
	}
	if len(random) != 16 {
		return "", fmt.Errorf("wechattest: random prefix must be 16 bytes, got %d", len(random))
	}
	plain := make([]byte, 0, 20+len(msg)+len(appID)+cryptoBlock)
	plain = append(plain, random...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, appID...)
	plain = pad(plain)
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain), nil
}

// DecryptMessage decrypts an <Encrypt> text with the EncodingAESKey, checks
// that it was sealed for appID and returns the message.
func DecryptMessage(encodingAESKey, appID, encrypted string) ([]byte, error) {
	key, err := decodeAESKey(encodingAESKey)
	if err != nil {
		return nil, err
	}
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, fmt.Errorf("wechattest: encrypted text is not base64: %w", err)
	}
	if len(data) == 0 || len(data)%cryptoBlock != 0 {
		return nil, fmt.Errorf("wechattest: encrypted length %d is not a multiple of %d", len(data), cryptoBlock)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(plain, data)
	if plain, err = unpad(plain); err != nil {
		return nil, err
	}
	if len(plain) < 20 {
		return nil, errors.New("wechattest: decrypted text too short")
	}
	n := int(binary.BigEndian.Uint32(plain[16:20]))
	if n > len(plain)-20 {
		return nil, fmt.Errorf("wechattest: message length %d exceeds the text", n)
	}
	msg, gotAppID := plain[20:20+n], string(plain[20+n:])
	if gotAppID != appID {
		return nil, fmt.Errorf("wechattest: message sealed for appid %q, want %q", gotAppID, appID)
	}
	return msg, nil
}

// VerifyAndDecrypt checks msgSignature over (token, timestamp, nonce,
// encrypted) and then decrypts, as a receiver of an encrypted push or reply
// must.
func VerifyAndDecrypt(token, encodingAESKey, appID, timestamp, nonce, msgSignature, encrypted string) ([]byte, error) {
	if Signature(token, timestamp, nonce, encrypted) != msgSignature {
		return nil, ErrBadSignature
	}
	return DecryptMessage(encodingAESKey, appID, encrypted)
}

func decodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("wechattest: EncodingAESKey must have 43 characters, has %d", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("wechattest: EncodingAESKey is not base64 of 32 bytes")
	}
	return key, nil
}

func pad(b []byte) []byte {
	n := cryptoBlock - len(b)%cryptoBlock
	return append(b, bytes.Repeat([]byte{byte(n)}, n)...)
}

func unpad(b []byte) ([]byte, error) {
	n := int(b[len(b)-1])
	if n < 1 || n > cryptoBlock || n > len(b) {
		return nil, fmt.Errorf("wechattest: bad padding %d", n)
	}
	return b[:len(b)-n], nil
}
