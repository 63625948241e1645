#!/usr/bin/env python3
"""Validate the chain-registry entries of this directory against the vendored cosmos/chain-registry
JSON schemas (chain.schema.json, assetlist.schema.json), and check that they agree with the chain:
the devnet chain id, the bech32 prefix, the OPEN denom units and the genesis minimum gas price.

Usage: python3 chain-registry/validate.py   (exit 0 when every check passes)
Needs the `jsonschema` package (PyPI).
"""

import json
import pathlib
import re
import sys

import jsonschema

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(doc_path, schema_name):
    schema = load(HERE / schema_name)
    doc = load(doc_path)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{doc_path.relative_to(REPO)}: {where}: {e.message}", file=sys.stderr)
    return doc, not errors


def main():
    ok = True
    entries = sorted(p for p in HERE.iterdir() if p.is_dir())
    if not entries:
        print("no chain directories", file=sys.stderr)
        return 1
    for d in entries:
        chain, c_ok = validate(d / "chain.json", "chain.schema.json")
        assets, a_ok = validate(d / "assetlist.json", "assetlist.schema.json")
        ok &= c_ok and a_ok
        facts = []
        facts.append(("assetlist chain_name", chain["chain_name"], assets["chain_name"]))
        facts.append(("bech32 prefix", "open", chain["bech32_prefix"]))
        facts.append(("slip44", 118, chain["slip44"]))
        open_asset = next((a for a in assets["assets"] if a["base"] == "aopen"), None)
        units = {u["denom"]: u["exponent"] for u in (open_asset or {}).get("denom_units", [])}
        facts.append(("OPEN denom units", {"aopen": 0, "OPEN": 18}, units))
        facts.append(("OPEN display", "OPEN", (open_asset or {}).get("display")))
        fee = chain["fees"]["fee_tokens"][0]
        facts.append(("fee denom", "aopen", fee["denom"]))
        facts.append(("staking denom", "aopen", chain["staking"]["staking_tokens"][0]["denom"]))
        if d.name == "openledger-devnet":
            devnet = (REPO / "testnet" / "devnet.sh").read_text(encoding="utf-8")
            m = re.search(r'OPENLEDGER_CHAIN_ID:-([a-z0-9-]+)\}', devnet)
            facts.append(("devnet chain id", m.group(1) if m else None, chain["chain_id"]))
            params = (REPO / "modules" / "auth" / "src" / "params.rs").read_text(encoding="utf-8")
            m = re.search(r"min_gas_price: ([0-9_]+),", params)
            min_gas = int(m.group(1).replace("_", "")) if m else None
            facts.append(("fixed_min_gas_price = genesis min_gas_price", min_gas, fee.get("fixed_min_gas_price")))
            facts.append(("low_gas_price = genesis min_gas_price", min_gas, fee.get("low_gas_price")))
            ports = {k: v[0]["address"].rsplit(":", 1)[-1] for k, v in chain["apis"].items()}
            facts.append(("api ports", {"rpc": "26657", "rest": "1317", "grpc": "9090"}, ports))
        for what, expected, actual in facts:
            if expected != actual:
                ok = False
                print(f"{d.name}: {what}: expected {expected}, got {actual}", file=sys.stderr)
        print(f"{d.name}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
