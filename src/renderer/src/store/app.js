import { create } from 'zustand';
import { call, toAppError } from '../api';
import { getBridge } from '../bridge';
import { applyLanguage } from '../i18n';
let subscribed = false;
export const useAppStore = create()((set, get) => ({
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
            const state = await call('app:getState', {});
            get().applyState(state);
            set({ phase: 'ready' });
        }
        catch (e) {
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
        }
        catch {
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
        if (state)
            set({ state: { ...state, account: result.account } });
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
        if (state)
            set({ state: { ...state, locale } });
        try {
            get().applyState(await call('app:setLocale', { locale }));
        }
        catch {
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
