import { useAppStore } from '../../store/app';
import { AcceptInvitation } from './AcceptInvitation';
import { ChallengeScreen } from './ChallengeScreen';
import { ForgotPassword } from './ForgotPassword';
import { SignIn } from './SignIn';

/** Signed out: sign in, a challenge in progress, password reset or an invitation. */
export function AuthRouter() {
  const view = useAppStore((s) => s.authView);
  const hasChallenge = useAppStore((s) => s.challenge !== null);
  if (view === 'challenge' && hasChallenge) return <ChallengeScreen />;
  if (view === 'forgot') return <ForgotPassword />;
  if (view === 'invite') return <AcceptInvitation />;
  return <SignIn />;
}
