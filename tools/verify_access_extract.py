#!/usr/bin/env python3
"""Independent verifier of a SocialJour access-log extract (docs/transparency.md).

A member municipality runs it on the evidence form of its extract
(GET /api/access-log?municipality=<code>&from=..&to=..&format=evidence), the signed tree heads it holds (its
publication folder's access-tree-heads.jsonl, or heads it fetched itself) and the jour's public key (PEM). It uses
nothing of SocialJour's code: every byte is rebuilt from the specification.

For every entry it rebuilds the municipality's own commitment from the answer and the salt, the entry's leaf from
its fields and every municipality's commitment, checks the audit path against the head's root, and checks the head's
ECDSA P-256 signature and key id. The extract's head must be one the municipality holds (same size, same root).

    /usr/bin/python3 tools/verify_access_extract.py --evidence utdrag.json --heads access-tree-heads.jsonl --key public-key.pem

Exit status: 0 everything verified; 1 a check failed (the entry or head is named); 2 the input could not be read.
Needs Python 3.9+ and the `cryptography` package (Debian/Ubuntu: python3-cryptography); nothing else.
"""

import argparse
import base64
import hashlib
import json
import os
import struct
import sys
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

EVIDENCE_FORMAT = "socialjour/access-extract-evidence/v1"
ACCESS_TAG = "socialjour/access-log/v1"
SOURCE_TAG = "socialjour/access-source/v1"
HEAD_TAG_V1 = "socialjour/tree-head/v1"  # a head without "redactedUpTo" (signed before the boundary existed)
HEAD_TAG = "socialjour/tree-head/v2"     # a head with its redaction boundary (every head signed now)
# The extract rule (docs/transparency.md §4): the answers that put an entry in a municipality's extract.
NOT_IN_EXTRACT = {"NotFound", "Disabled"}


class Failure(Exception):
    """A check failed: the message names the entry or head (Swedish / English)."""


class BadInput(Exception):
    """The input could not be read."""


# --- Canonical encoding (docs/transparency.md §2) -------------------------------------------------------------------

def _utf8(value):
    # JSON may carry a lone surrogate; the product encodes it as U+FFFD (.NET's UTF-8 encoder), and so do we.
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value).encode("utf-8")


def enc_text(value):
    if value is None:
        return b"\x00"
    if not isinstance(value, str):
        raise BadInput("textfält är inte en sträng / a text field is not a string: %r" % (value,))
    data = _utf8(value)
    return b"\x01" + struct.pack(">I", len(data)) + data


def enc_int(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadInput("heltalsfält är inte ett heltal / an integer field is not an integer: %r" % (value,))
    return b"\x02" + struct.pack(">q", value)


def enc_bytes(value):
    return b"\x03" + struct.pack(">I", len(value)) + value


def unhex(value, size, what):
    if not isinstance(value, str) or len(value) != size * 2:
        raise Failure("%s är inte %d byte hex / %s is not %d bytes of hex" % (what, size, what, size))
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise Failure("%s är inte hex / %s is not hex" % (what, what))


# --- Merkle tree (RFC 9162 §2.1) -------------------------------------------------------------------------------------

def leaf_hash(entry_bytes):
    return hashlib.sha256(b"\x00" + entry_bytes).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# --- Entries (docs/transparency.md §3) -------------------------------------------------------------------------------

def source_commitment(code, status, source_salt):
    return hashlib.sha256(enc_text(SOURCE_TAG) + enc_text(code) + enc_text(status) + enc_bytes(source_salt)).digest()


def access_entry_bytes(e, commitments):
    out = [enc_text(ACCESS_TAG), enc_int(e["sequence"]), enc_int(e["atUnixMilliseconds"]), enc_text(e["kind"]),
           enc_text(e["userId"]), enc_text(e["personId"]), enc_text(e.get("jourCaseId")), enc_text(e["purpose"]),
           enc_text(e.get("reason")), enc_text(e["lookupId"]), enc_int(len(commitments))]
    for code, commitment in commitments:
        out.append(enc_text(code))
        out.append(enc_bytes(commitment))
    return b"".join(out)


def check_entry(item, municipality, head, root):
    e = item.get("entry") or {}
    seq = e.get("sequence")
    name = "post %s / entry %s" % (seq, seq)
    if not isinstance(seq, int) or seq < 1:
        raise Failure("%s: löpnummer saknas / no sequence number" % name)
    if seq <= (head.get("redactedUpTo") or 0):
        raise Failure("%s: gallrad enligt %s, men utdraget har dess innehåll / redacted under the head, yet the extract has its content"
                      % (name, describe(head)))
    sources = e.get("sources") or []
    own = [s for s in sources if s.get("municipalityCode") == municipality]
    if len(own) != 1:
        raise Failure("%s: kommun %s:s svar saknas / municipality %s's answer is missing" % (name, municipality, municipality))
    commitments = []
    for s in sources:
        code = s.get("municipalityCode")
        commitment = unhex(s.get("commitment"), 32, "%s: commitment %s" % (name, code))
        if code == municipality:
            status, salt = s.get("status"), s.get("salt")
            if status is None or salt is None:
                raise Failure("%s: kommunens eget svar eller salt saknas / its own answer or salt is missing" % name)
            if status in NOT_IN_EXTRACT:
                raise Failure("%s: kommunen svarade %s; posten hör inte till utdraget / answered %s, not in the extract" % (name, status, status))
            if source_commitment(code, status, unhex(salt, 32, "%s: salt" % name)) != commitment:
                raise Failure("%s: svaret %s och saltet öppnar inte kommunens commitment / the answer and salt do not open the commitment"
                              % (name, status))
        elif s.get("status") is not None or s.get("salt") is not None:
            raise Failure("%s: utdraget lämnar ut kommun %s:s svar eller salt / discloses municipality %s's answer or salt" % (name, code, code))
        commitments.append((code, commitment))
    leaf = leaf_hash(access_entry_bytes(e, commitments))
    path = [unhex(p, 32, "%s: auditPath" % name) for p in item.get("auditPath") or []]
    if not verify_inclusion(seq - 1, head["treeSize"], leaf, path, root):
        raise Failure("%s: posten finns inte i loggen enligt trädhuvudet med %d poster (posten eller beviset har ändrats) / "
                      "the entry is not in the log under the head of %d entries (the entry or the proof was changed)"
                      % (name, head["treeSize"], head["treeSize"]))
    return seq


# --- Heads (docs/transparency.md §6) ---------------------------------------------------------------------------------

def head_signed_bytes(h):
    boundary = h.get("redactedUpTo")
    signed = (enc_text(HEAD_TAG if boundary is not None else HEAD_TAG_V1) + enc_text(h["log"]) + enc_text(h["keyId"])
              + enc_int(h["treeSize"]) + enc_bytes(unhex(h["rootHash"], 32, "rootHash")) + enc_int(h["timestamp"]))
    return signed + enc_int(boundary) if boundary is not None else signed


def describe(h):
    at = datetime.fromtimestamp(h["timestamp"] / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    boundary = h.get("redactedUpTo") or 0
    return "trädhuvud/head %s storlek/size %d (%s UTC%s)" % (
        h["log"], h["treeSize"], at, ", gallrat t.o.m./redacted up to %d" % boundary if boundary else "")


def check_boundaries(heads):
    """The redaction boundary (docs/transparency.md §5) never moves back as the log grows."""
    previous = None
    for h in sorted((h for h in heads if h.get("redactedUpTo") is not None), key=lambda h: (h["treeSize"], h["timestamp"])):
        if not isinstance(h["redactedUpTo"], int) or not 0 <= h["redactedUpTo"] <= h["treeSize"]:
            raise Failure("%s: ogiltig gallringsgräns / invalid redaction boundary" % describe(h))
        if previous is not None and h["redactedUpTo"] < previous["redactedUpTo"]:
            raise Failure("%s har en lägre gallringsgräns än %s / has a lower redaction boundary than an earlier head"
                          % (describe(h), describe(previous)))
        previous = h


def check_head(h, key, key_id):
    for field in ("log", "treeSize", "rootHash", "timestamp", "keyId", "signature"):
        if field not in h:
            raise Failure("ett trädhuvud saknar %s / a head lacks %s" % (field, field))
    if h["keyId"].lower() != key_id:
        raise Failure("%s: signerat med en annan nyckel (%s) / signed with another key" % (describe(h), h["keyId"][:12]))
    try:
        signature = base64.b64decode(h["signature"], validate=True)
        key.verify(signature, head_signed_bytes(h), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise Failure("%s: ogiltig signatur / invalid signature" % describe(h))


def load_key(path):
    try:
        with open(path, "rb") as f:
            key = serialization.load_pem_public_key(f.read())
    except (OSError, ValueError) as e:
        raise BadInput("nyckeln %s kan inte läsas / cannot read the key: %s" % (path, e))
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise BadInput("nyckeln är ingen ECDSA P-256-nyckel / the key is not an ECDSA P-256 key")
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return key, hashlib.sha256(spki).hexdigest()


def load_heads(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += [os.path.join(p, n) for n in sorted(os.listdir(p)) if n.endswith((".json", ".jsonl"))]
        else:
            files.append(p)
    heads = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise BadInput("%s kan inte läsas / cannot be read: %s" % (path, e))
        try:
            docs = [json.loads(text)]
        except ValueError:
            try:
                docs = [json.loads(line) for line in text.splitlines() if line.strip()]
            except ValueError:
                raise BadInput("%s är varken JSON eller JSON Lines / is neither JSON nor JSON Lines" % path)
        for d in docs:
            heads += d if isinstance(d, list) else [d]
    return [h for h in heads if isinstance(h, dict) and h.get("log") == "access"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Verifierar ett utdrag ur SocialJours åtkomstlogg / verifies a SocialJour access-log extract")
    parser.add_argument("--evidence", required=True, help="utdraget i bevisform / the extract, format=evidence (JSON)")
    parser.add_argument("--heads", nargs="*", default=[], help="trädhuvuden kommunen har / heads you hold (JSON, JSON Lines or a folder)")
    parser.add_argument("--key", required=True, help="jourens publika nyckel / the jour's public key (PEM)")
    parser.add_argument("--municipality", help="kommunkoden utdraget ska gälla / the municipality the extract must be for")
    args = parser.parse_args(argv)

    try:
        key, key_id = load_key(args.key)
        try:
            with open(args.evidence, encoding="utf-8") as f:
                evidence = json.load(f)
        except (OSError, ValueError) as e:
            raise BadInput("utdraget %s kan inte läsas / cannot read the extract: %s" % (args.evidence, e))
        held = load_heads(args.heads)
    except BadInput as e:
        print("FEL/ERROR: %s" % e, file=sys.stderr)
        return 2

    try:
        if evidence.get("format") != EVIDENCE_FORMAT:
            raise Failure("utdraget är inte i formatet %s / the extract is not %s" % (EVIDENCE_FORMAT, EVIDENCE_FORMAT))
        municipality = evidence.get("municipality")
        if args.municipality and municipality != args.municipality:
            raise Failure("utdraget gäller kommun %s, inte %s / the extract is for %s, not %s" % (municipality, args.municipality, municipality, args.municipality))
        head = evidence.get("head") or {}
        check_head(head, key, key_id)
        if head["log"] != "access":
            raise Failure("utdragets trädhuvud gäller inte åtkomstloggen / the extract's head is not the access log's")
        for h in held:
            check_head(h, key, key_id)
        check_boundaries(held + [head])
        same_size = [h for h in held if h["treeSize"] == head["treeSize"]]
        if any(h["rootHash"].lower() != head["rootHash"].lower() for h in same_size):
            raise Failure("%s i utdraget har en annan rot än kommunens trädhuvud av samma storlek: loggen har skrivits om / "
                          "the extract's head has another root than the head you hold of that size: the log was rewritten" % describe(head))
        if held and not same_size:
            raise Failure("%s i utdraget är inget av de %d trädhuvuden kommunen har; hämta utdraget med treeSize för ett av dem / "
                          "the extract's head is none of the %d heads you hold; fetch the extract with treeSize of one of them (%s)"
                          % (describe(head), len(held), len(held), ", ".join(str(h["treeSize"]) for h in held[-3:])))
        root = unhex(head["rootHash"], 32, "rootHash")
        checked = [check_entry(item, municipality, head, root) for item in evidence.get("entries") or []]
    except (Failure, BadInput, KeyError, TypeError, AttributeError) as e:
        print("FEL/ERROR: %s" % (e if isinstance(e, (Failure, BadInput)) else "utdraget är felformat / malformed extract: %r" % (e,)), file=sys.stderr)
        return 1

    pending = evidence.get("notYetCovered") or []
    print("OK: %d poster i kommun %ss utdrag %s–%s finns i åtkomstloggen enligt %s (nyckel %s)%s." % (
        len(checked), municipality, evidence.get("from"), evidence.get("to"), describe(head), key_id[:12],
        "; %d senare poster omfattas av nästa trädhuvud" % len(pending) if pending else ""))
    print("OK: %d entries of municipality %s's extract %s to %s are in the access log under %s (key %s)%s%s." % (
        len(checked), municipality, evidence.get("from"), evidence.get("to"), describe(head), key_id[:12],
        "; %d later entries await the next head" % len(pending) if pending else "",
        "" if held else "; NOTE: no held head was given, so only the signature pins the head"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
