// The type URLs of the messages the pages send (kept apart from the encoders, which load cosmjs).
export const TYPES = {
  contribute: "/openledger.datanets.v1.MsgContribute",
  curate: "/openledger.datanets.v1.MsgCurate",
  publishVersion: "/openledger.datanets.v1.MsgPublishVersion",
  claimRewards: "/openledger.attribution.v1.MsgClaimRewards",
  challengeReceipt: "/openledger.attribution.v1.MsgChallengeReceipt",
  lock: "/openledger.gov.v1.MsgLock",
  beginUnlock: "/openledger.gov.v1.MsgBeginUnlock",
  vote: "/cosmos.gov.v1.MsgVote",
} as const;
