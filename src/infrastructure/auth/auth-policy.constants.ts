export const AUTH_POLICY = 'hub:auth-policy';

/** Who may call a route: portal accounts (JWT), admins (JWT with role admin), API keys with scopes. */
export interface AuthPolicy {
  jwt?: 'any' | 'admin';
  apiKeyScopes?: string[];
}
