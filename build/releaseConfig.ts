// The release-only part of the packaging config, from environment variables, so that a person building
// LendPace for themselves needs no certificate, no Apple account and no release feed: with none of these
// set, `npm run dist` makes unsigned installers that never update themselves (see README, "Signing and
// updates"). build/electron-builder.yml extends this file; electron-builder also reads the signing
// variables itself (CSC_LINK, CSC_KEY_PASSWORD, WIN_CSC_LINK, WIN_CSC_KEY_PASSWORD, APPLE_ID,
// APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID, APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER).
type Env = Record<string, string | undefined>

const has = (env: Env, ...names: string[]): boolean => names.every((n) => !!env[n])

export function releaseConfig(env: Env): Record<string, unknown> {
  // "owner/repo" of the GitHub repository whose releases are the update feed.
  const feed = /^([\w.-]+)\/([\w.-]+)$/.exec(env.LENDPACE_UPDATE_GITHUB ?? '')
  const macSigning = has(env, 'CSC_LINK') || has(env, 'CSC_NAME')
  const notarize = macSigning && (has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') || has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'))
  const publisher = env.LENDPACE_WIN_PUBLISHER?.trim()
  return {
    // No feed, no app-update.yml: the app then says it does not update itself (updatePolicy).
    publish: feed ? [{ provider: 'github', owner: feed[1], repo: feed[2], releaseType: 'release' }] : null,
    mac: {
      // Without a certificate, sign nothing rather than search the keychain for one.
      ...(macSigning ? {} : { identity: null }),
      notarize
    },
    // The Authenticode publisher the Windows updater requires of every update (electron-builder takes it
    // from the certificate when signing; this names it explicitly, e.g. for cloud signing).
    win: publisher ? { signtoolOptions: { publisherName: [publisher] } } : {}
  }
}

export default releaseConfig(process.env)
