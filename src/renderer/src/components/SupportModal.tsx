import { App, Button, Form, Input, Modal, Result, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../api';
import { useFormAction } from '../hooks/useFormAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { ErrorAlert } from './ErrorAlert';

interface SupportForm {
  contact: string;
  identifier?: string;
  message: string;
}

/** "Contact support": works signed out, so a locked-out seller can always reach a person. */
export function SupportModal() {
  const { t } = useLocale();
  const open = useAppStore((s) => s.support.open);
  const close = useAppStore((s) => s.closeSupport);
  return (
    <Modal open={open} onCancel={close} title={t('support.title')} footer={null} destroyOnHidden>
      {open ? <SupportContent onClose={close} /> : null}
    </Modal>
  );
}

function SupportContent({ onClose }: { onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const identifier = useAppStore((s) => s.support.identifier);
  const account = useAppStore((s) => s.state?.account ?? null);
  const [form] = Form.useForm<SupportForm>();
  const [ticket, setTicket] = useState<string | null>(null);
  const send = useFormAction(form, ['contact', 'identifier', 'message'], (v: SupportForm) =>
      call('support:contact', {
        contact: v.contact.trim(),
        identifier: v.identifier?.trim() || undefined,
        message: v.message.trim(),
      }), { email: 'contact', phone: 'contact' });

  const onFinish = async (v: SupportForm) => {
    const res = await send.run(v);
    if (res) {
      setTicket(res.ticketId);
      void message.success(t('support.sent'));
    }
  };

  if (ticket) {
    return (
      <Result
        status="success"
        title={t('support.ticketTitle')}
        subTitle={
          <>
            <Typography.Paragraph>{t('support.ticketText')}</Typography.Paragraph>
            <Typography.Text strong copyable data-testid="support-ticket">
              {ticket}
            </Typography.Text>
          </>
        }
        extra={
          <Button type="primary" data-testid="support-close" onClick={onClose}>
            {t('common.close')}
          </Button>
        }
      />
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      requiredMark={false}
      data-testid="support-form"
      initialValues={{
        contact: account?.email ?? account?.phone ?? (identifier.includes('@') ? identifier : ''),
        identifier: identifier || account?.email || account?.phone || '',
        message: '',
      }}
    >
      <Typography.Paragraph type="secondary">{t('support.intro')}</Typography.Paragraph>
      <Form.Item
        name="contact"
        label={t('support.contact')}
        extra={t('support.contactHint')}
        rules={[{ required: true, whitespace: true, min: 3, message: t('support.contactRequired') }]}
      >
        <Input data-testid="support-contact" maxLength={254} autoComplete="email" />
      </Form.Item>
      <Form.Item name="identifier" label={t('support.identifier')}>
        <Input data-testid="support-identifier" maxLength={254} />
      </Form.Item>
      <Form.Item name="message" label={t('support.message')} rules={[{ required: true, whitespace: true, message: t('support.messageRequired') }]}>
        <Input.TextArea data-testid="support-message" rows={5} maxLength={4000} showCount placeholder={t('support.messagePlaceholder')} />
      </Form.Item>
      <ErrorAlert error={send.alertError} />
      <Button type="primary" htmlType="submit" block loading={send.loading} data-testid="support-submit">
        {t('support.submit')}
      </Button>
    </Form>
  );
}
