import { App } from 'antd';
import { useCallback } from 'react';
import type { Challenge, ChallengeMethod, SendableMethod } from '../../../../shared/http/auth';
import type { SignInResult } from '../../../../shared/ipc/contract';
import { AppError, call } from '../../api';
import { isChallengeDead } from '../../errors';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';

/** The three things one can do with a challenge; each moves the store on. */
export function useChallengeActions(challenge: Challenge) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const { setChallenge, afterSignIn, setAuthView } = useAppStore.getState();

  const onResult = useCallback(
    async (result: SignInResult) => {
      if (result.status === 'challenge' && result.challenge.id === challenge.id && result.challenge.kind === challenge.kind) {
        setChallenge(result.challenge);
        return false;
      }
      if (result.status === 'challenge' && challenge.kind === 'new_device') void message.success(t('challenge.deviceConfirmed'));
      await afterSignIn(result);
      return true;
    },
    [challenge.id, challenge.kind, setChallenge, afterSignIn, message, t],
  );

  /** A dead challenge sends the person back to sign in; other errors stay on this screen. */
  const guard = useCallback(
    (e: unknown) => {
      if (e instanceof AppError && isChallengeDead(e.code)) setAuthView('signin', 'challenge_expired');
      throw e;
    },
    [setAuthView],
  );

  const send = useCallback(
    async (method: SendableMethod) => {
      const next = await call('auth:sendCode', { challengeId: challenge.id, method }).catch(guard);
      setChallenge(next);
      return next;
    },
    [challenge.id, guard, setChallenge],
  );

  const verify = useCallback(
    async (method: ChallengeMethod, code: string) =>
      onResult(await call('auth:verify', { challengeId: challenge.id, method, code: code.replace(/\s/g, '') }).catch(guard)),
    [challenge.id, guard, onResult],
  );

  const poll = useCallback(async () => onResult(await call('auth:poll', { challengeId: challenge.id }).catch(guard)), [challenge.id, guard, onResult]);

  return { send, verify, poll };
}
