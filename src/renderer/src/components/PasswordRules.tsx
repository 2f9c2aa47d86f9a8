import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../lib/password';
import { useLocale } from '../hooks/useLocale';

const COLORS = ['#ff4d4f', '#faad14', '#52c41a', '#389e0d'];

function Rule({ ok, text, testId }: { ok: boolean; text: string; testId: string }) {
  return (
    <Typography.Text type={ok ? 'success' : 'secondary'} data-testid={testId} data-ok={ok ? 'true' : 'false'}>
      {ok ? <CheckCircleFilled /> : <CloseCircleOutlined />} {text}
    </Typography.Text>
  );
}

/** Live hint under a new-password field. The server has the final word. */
export function PasswordRules({ password, personal = [] }: { password: string; personal?: string[] }) {
  const { t } = useLocale();
  const check = checkPassword(password ?? '', personal);
  const labels = [t('password.strengthWeak'), t('password.strengthFair'), t('password.strengthGood'), t('password.strengthStrong')];
  return (
    <Space orientation="vertical" size={0} data-testid="password-rules" style={{ marginTop: 4 }}>
      <Rule ok={check.longEnough} text={t('password.ruleLength', { min: MIN_PASSWORD_LENGTH })} testId="rule-length" />
      <Rule ok={check.notCommon} text={t('password.ruleCommon')} testId="rule-common" />
      {password ? (
        <Space size={8}>
          <Progress
            percent={((check.strength + 1) / 4) * 100}
            steps={4}
            size="small"
            showInfo={false}
            strokeColor={COLORS[check.strength]}
          />
          <Typography.Text type="secondary" data-testid="password-strength" data-strength={check.strength}>
            {labels[check.strength]}
          </Typography.Text>
        </Space>
      ) : null}
    </Space>
  );
}
