#!/usr/bin/env python3
"""An unmodified cosmpy LedgerClient against an OpenLedger devnet.

Sends OPEN from one devnet account to another over gRPC (cosmpy simulates with the deprecated
`tx` field of SimulateRequest, broadcasts in SYNC mode, then polls GetTx until the hash is
included, which answers NOT_FOUND "tx ... not found" meanwhile), checks the exact balance
change, and reads the balances again over REST when a REST URL is given.

Usage: cosmpy_send.py --grpc HOST:PORT --accounts devnet-accounts.json --from alice --to bob
                      [--rest http://HOST:PORT] [--summary out.json]
"""

import argparse
import hashlib
import json
import sys
from datetime import timedelta

from cosmpy.aerial.client import LedgerClient, NetworkConfig
from cosmpy.aerial.gas import SimulationGasStrategy
from cosmpy.aerial.wallet import LocalWallet
from cosmpy.crypto.address import Address
from cosmpy.protos.cosmos.bank.v1beta1.query_pb2 import QueryBalanceRequest
from cosmpy.protos.cosmos.base.tendermint.v1beta1 import query_pb2 as tmq
from cosmpy.protos.cosmos.base.tendermint.v1beta1.query_pb2_grpc import ServiceStub
from cosmpy.protos.cosmos.tx.v1beta1.service_pb2 import GetTxsEventRequest, OrderBy

AMOUNT = 1_234_567


class SimulationWithoutBlockLimit(SimulationGasStrategy):
    """cosmpy's own simulation strategy, without its clip to the block gas limit: that limit
    is read from the legacy x/params query (subspace "baseapp"), which this chain does not
    have (block params are CometBFT's consensus params)."""

    def block_gas_limit(self) -> int:
        return -1


def balance(client, address, denom):
    """The exact balance (cosmpy's query_bank_balance goes through a float)."""
    r = client.bank.Balance(QueryBalanceRequest(address=str(address), denom=denom))
    return int(r.balance.amount)


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grpc", required=True)
    ap.add_argument("--rest")
    ap.add_argument("--accounts", required=True)
    ap.add_argument("--from", dest="sender", default="alice")
    ap.add_argument("--to", default="bob")
    ap.add_argument("--min-gas-price", type=int, default=10**9)
    ap.add_argument("--summary")
    a = ap.parse_args()

    with open(a.accounts) as f:
        accts = json.load(f)
    by_name = {x["name"]: x for x in accts["accounts"]}
    prefix, denom, chain_id = accts["bech32_prefix"], accts["denom"], accts["chain_id"]

    def config(url):
        return NetworkConfig(
            chain_id=chain_id,
            url=url,
            fee_minimum_gas_price=a.min_gas_price,
            fee_denomination=denom,
            staking_denomination=denom,
        )

    client = LedgerClient(config(f"grpc+http://{a.grpc}"))
    client.gas_strategy = SimulationWithoutBlockLimit(client)
    wallet = LocalWallet.from_mnemonic(by_name[a.sender]["mnemonic"], prefix=prefix)
    if str(wallet.address()) != by_name[a.sender]["address"]:
        fail(f"derived {wallet.address()}, expected {by_name[a.sender]['address']}")
    to = Address(by_name[a.to]["address"])

    before_from = balance(client, wallet.address(), denom)
    before_to = balance(client, to, denom)
    print(f"balances before: {a.sender}={before_from} {a.to}={before_to}")

    tx = client.send_tokens(to, AMOUNT, denom, wallet, memo="cosmpy e2e")
    print(f"broadcast {tx.tx_hash}")
    # polls GetTx: NOT_FOUND until the tx is in a block
    resp = client.wait_for_query_tx(tx.tx_hash, timeout=timedelta(seconds=60))
    if resp.code != 0:
        fail(f"tx failed with code {resp.code}: {resp.raw_log}")
    print(f"included at height {resp.height}, gas used {resp.gas_used}")

    # tx search by event (GetTxsEvent with the `events` list, as this client sends it)
    found = client.txs.GetTxsEvent(
        GetTxsEventRequest(
            events=[f"message.sender='{wallet.address()}'"],
            order_by=OrderBy.ORDER_BY_DESC,
        )
    )
    hashes = [r.txhash.upper() for r in found.tx_responses]
    if tx.tx_hash.upper() not in hashes:
        fail(f"GetTxsEvent by message.sender did not find {tx.tx_hash}: {hashes}")
    if len(found.txs) != len(found.tx_responses) or found.pagination.total < 1:
        fail("GetTxsEvent: txs, tx_responses and total disagree")
    print(f"GetTxsEvent found {len(hashes)} tx(s) sent by {a.sender}")

    # the block that holds it (GetBlockByHeight) and the validator set (by height, latest)
    import grpc

    tm = ServiceStub(grpc.insecure_channel(a.grpc))
    block = tm.GetBlockByHeight(tmq.GetBlockByHeightRequest(height=resp.height)).block
    in_block = [hashlib.sha256(b).hexdigest().upper() for b in block.data.txs]
    if tx.tx_hash.upper() not in in_block:
        fail(f"block {resp.height} does not hold {tx.tx_hash}: {in_block}")
    vs = tm.GetValidatorSetByHeight(tmq.GetValidatorSetByHeightRequest(height=resp.height))
    latest = tm.GetLatestValidatorSet(tmq.GetLatestValidatorSetRequest())
    if not vs.validators or not vs.validators[0].address.startswith(prefix + "valcons1"):
        fail(f"validator set at {resp.height}: {vs}")
    if latest.block_height < resp.height or not latest.validators:
        fail(f"latest validator set: {latest}")
    print(f"block {resp.height} holds the tx; {len(vs.validators)} validator(s)")

    # an unknown hash is "not found", a short message
    try:
        client.query_tx("00" * 32)
        fail("GetTx of an unknown hash answered")
    except Exception as e:  # cosmpy's NotFoundError
        if type(e).__name__ != "NotFoundError":
            fail(f"GetTx of an unknown hash: {type(e).__name__}: {str(e)[:300]}")

    after_from = balance(client, wallet.address(), denom)
    after_to = balance(client, to, denom)
    print(f"balances after: {a.sender}={after_from} {a.to}={after_to}")
    if after_to - before_to != AMOUNT:
        fail(f"{a.to} received {after_to - before_to}, expected {AMOUNT}")
    fee = before_from - after_from - AMOUNT
    if fee <= 0:
        fail(f"{a.sender} paid no fee ({before_from} -> {after_from})")

    summary = {
        "client": "cosmpy",
        "tx_hash": tx.tx_hash,
        "height": resp.height,
        "gas_used": resp.gas_used,
        "fee": fee,
        "grpc_balance_to": after_to,
    }
    if a.rest:
        rest = LedgerClient(config(f"rest+{a.rest}"))
        rest_to = balance(rest, to, denom)
        rest_from = balance(rest, wallet.address(), denom)
        print(f"balances over REST: {a.sender}={rest_from} {a.to}={rest_to}")
        if (rest_from, rest_to) != (after_from, after_to):
            fail("REST and gRPC balances differ")
        # (not GetTx over REST: cosmpy 0.9.2's protos have CometBFT 0.34 event attributes,
        # bytes in base64, where SDK 0.50's REST answers strings, as ours does)
        summary["rest_balance_to"] = rest_to
    if a.summary:
        with open(a.summary, "w") as f:
            json.dump(summary, f, indent=2)
    print("ok")


if __name__ == "__main__":
    main()
