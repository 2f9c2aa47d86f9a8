import { Button } from 'antd';
import { AuthLayout } from '../../components/AuthLayout';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { NewDeviceChallenge } from './NewDeviceChallenge';
import { TwoFactorChallenge } from './TwoFactorChallenge';

/** A sign-in step between password and session. Keyed by id: a follow-up challenge starts fresh. */
export function ChallengeScreen() {
  const { t } = useLocale();
  const challenge = useAppStore((s) => s.challenge);
  const { setAuthView, openSupport } = useAppStore.getState();
  if (!challenge) return null;
  const newDevice = challenge.kind === 'new_device';

  return (
    <AuthLayout
      testId={newDevice ? 'screen-challenge-new-device' : 'screen-challenge-two-factor'}
      title={newDevice ? t('challenge.newDeviceTitle') : t('challenge.twoFactorTitle')}
      subtitle={newDevice ? t('challenge.newDeviceText') : t('challenge.twoFactorText')}
      footer={
        <>
          <Button type="link" size="small" data-testid="challenge-cancel" onClick={() => setAuthView('signin')}>
            {t('challenge.backToSignIn')}
          </Button>
          <Button type="link" size="small" data-testid="challenge-support" onClick={() => openSupport()}>
            {t('challenge.noAccess')}
          </Button>
        </>
      }
    >
      {newDevice ? <NewDeviceChallenge key={challenge.id} challenge={challenge} /> : <TwoFactorChallenge key={challenge.id} challenge={challenge} />}
    </AuthLayout>
  );
}
