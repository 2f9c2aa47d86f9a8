import { create } from 'zustand';
import type { Challenge } from '../../../shared/http/auth';
import type { Locale } from '../../../shared/http/common';
import type { AppState, IpcError, SignInResult } from '../../../shared/ipc/contract';
import { call, toAppError } from '../api';
import { getBridge } from '../bridge';
import { applyLanguage } from '../i18n';

export type AuthView = 'signin' | 'challenge' | 'forgot' | 'invite';
export type AuthNotice = 'session_expired' | 'password_reset' | 'signed_out' | 'challenge_expired' | null;
export type PageKey =
  | 'dashboard'
  | 'products'
  | 'orders'
  | 'returns'
  | 'analytics'
  | 'marketing'
  | 'service'
  | 'settings'
  /** pending, failed and conflicting changes (opened from the sync indicator) */
  | 'queue';
export type SettingsTab = 'profile' | 'security' | 'log' | 'sessions' | 'staff' | 'stores';

interface AppStore {
  phase: 'loading' | 'ready' | 'core_unavailable';
  coreError: IpcError | null;
  state: AppState | null;
  authView: AuthView;
  challenge: Challenge | null;
  notice: AuthNotice;
  /** what the person typed on the sign-in screen, to prefill forgot-password and support */
  lastIdentifier: string;
  support: { open: boolean; identifier: string };
  page: PageKey;
  settingsTab: SettingsTab;

  init(): Promise<void>;
  refresh(): Promise<void>;
  applyState(state: AppState): void;
  afterSignIn(result: SignInResult): Promise<void>;
  setChallenge(challenge: Challenge): void;
  signedOut(notice: AuthNotice): void;
  setAuthView(view: AuthView, notice?: AuthNotice): void;
  setLastIdentifier(v: string): void;
  setLocale(locale: Locale): Promise<void>;
  openSupport(identifier?: string): void;
  closeSupport(): void;
  navigate(page: PageKey, tab?: SettingsTab): void;
}

let subscribed = false;

export const useAppStore = create<AppStore>()((set, get) => ({
  phase: 'loading',
  coreError: null,
  state: null,
  authView: 'signin',
  challenge: null,
  notice: null,
  lastIdentifier: '',
  support: { open: false, identifier: '' },
  page: 'dashboard',
  settingsTab: 'profile',

  async init() {
    set({ phase: 'loading', coreError: null });
    try {
      // the window's own languages first: until the person picks one, the UI speaks the first of them it knows
      // (within the call's limits: a malformed tag must not keep the window from opening)
      const languages = [...(navigator.languages ?? [navigator.language])].filter((l) => l.length <= 64).slice(0, 32);
      const state = await call('app:suggestLocale', { languages });
      get().applyState(state);
      set({ phase: 'ready' });
    } catch (e) {
      set({ phase: 'core_unavailable', coreError: toAppError(e).error });
      return;
    }
    if (!subscribed) {
      subscribed = true;
      const bridge = getBridge();
      bridge.on('state:changed', () => void get().refresh());
      bridge.on('session:expired', () => {
        get().signedOut('session_expired');
        void get().refresh();
      });
    }
  },

  async refresh() {
    try {
      get().applyState(await call('app:getState', {}));
    } catch {
      // keep what we have; the next event or action retries
    }
  },

  applyState(state) {
    const prev = get().state;
    applyLanguage(state.locale);
    if (prev?.account && !state.account) {
      set({ page: 'dashboard', settingsTab: 'profile' });
    }
    set({ state });
  },

  async afterSignIn(result) {
    if (result.status === 'challenge') {
      get().setChallenge(result.challenge);
      return;
    }
    const state = get().state;
    if (state) set({ state: { ...state, account: result.account } });
    set({ challenge: null, authView: 'signin', notice: null, page: 'dashboard', settingsTab: 'profile' });
    await get().refresh();
  },

  setChallenge(challenge) {
    set({ challenge, authView: 'challenge', notice: null });
  },

  signedOut(notice) {
    const state = get().state;
    set({
      state: state ? { ...state, account: null } : state,
      authView: 'signin',
      challenge: null,
      notice,
      page: 'dashboard',
      settingsTab: 'profile',
    });
  },

  setAuthView(view, notice = null) {
    set({ authView: view, notice, ...(view === 'challenge' ? {} : { challenge: null }) });
  },

  setLastIdentifier(v) {
    set({ lastIdentifier: v });
  },

  async setLocale(locale) {
    applyLanguage(locale);
    const state = get().state;
    if (state) set({ state: { ...state, locale } });
    try {
      get().applyState(await call('app:setLocale', { locale }));
    } catch {
      // the UI still switches; main could not persist it this time
    }
  },

  openSupport(identifier) {
    set({ support: { open: true, identifier: identifier ?? get().lastIdentifier } });
  },
  closeSupport() {
    set({ support: { open: false, identifier: '' } });
  },

  navigate(page, tab) {
    set({ page, ...(tab ? { settingsTab: tab } : {}) });
  },
}));
