"""Keys for the benchmark's hostile scenarios, in the contract's format (CONTRACT section 2).

usage: keys.py unknown N   -> N well-formed keys (valid checksum) that no application holds
       keys.py garbage N   -> N malformed keys: random strings and valid shapes with a bad checksum
"""
import secrets
import sys
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def checksum(body: str) -> str:
    value = zlib.crc32(body.encode("ascii"))
    digits = []
    for _ in range(6):
        value, digit = divmod(value, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def well_formed() -> str:
    body = "sk_live_" + "".join(secrets.choice(ALPHABET) for _ in range(32))
    return body + checksum(body)


def garbage(i: int) -> str:
    if i % 2 == 0:
        return secrets.token_urlsafe(secrets.randbelow(60) + 1)
    key = well_formed()
    last = key[-1]
    return key[:-1] + ("a" if last != "a" else "b")


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        print(well_formed() if kind == "unknown" else garbage(i))
