import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';

interface Props {
  open: boolean;
  testId: string;
  title: string;
  text: string;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  onConfirm: (password: string) => Promise<void>;
}

/** Re-enter the password before something sensitive. */
export function PasswordConfirmModal(props: Props) {
  return (
    <Modal open={props.open} title={props.title} onCancel={props.onClose} footer={null} destroyOnHidden>
      {props.open ? <Content {...props} /> : null}
    </Modal>
  );
}

function Content({ testId, text, okText, danger, onClose, onConfirm }: Props) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ password: string }>();
  const action = useFormAction(form, ['password'], onConfirm, { currentPassword: 'password' });
  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void action.run(v.password)}>
      <Typography.Paragraph>{text}</Typography.Paragraph>
      <Form.Item name="password" label={t('common.currentPassword')} rules={[{ required: true, message: t('validation.passwordRequired') }]}>
        <Input.Password data-testid={`${testId}-password`} autoComplete="current-password" maxLength={256} autoFocus />
      </Form.Item>
      <ErrorAlert error={action.alertError} />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onClose} data-testid={`${testId}-cancel`}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" danger={danger} htmlType="submit" loading={action.loading} data-testid={`${testId}-submit`}>
          {okText}
        </Button>
      </Space>
    </Form>
  );
}
