import { Alert, App, Modal, Radio, Table, Typography } from 'antd';
import { useState } from 'react';
import type { FieldConflict } from '../../../../shared/sync/protocol';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import type { Translate } from '../../errors';

type Choice = 'yours' | 'theirs' | 'ozon';

/** A field's value for people: text as is, nothing as a dash. */
export function showValue(t: Translate, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('conflict.empty');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function fieldLabel(t: Translate, field: string): string {
  return t(`fields.${field}`, { defaultValue: field });
}

/**
 * One conflicting edit: per field, keep mine, take theirs (another person's
 * edit on the server) or take Ozon's. The resolution is itself a change.
 */
export function ConflictDialog({
  entryId,
  conflicts,
  label,
  onClose,
  onResolved,
}: {
  entryId: string;
  conflicts: FieldConflict[];
  label?: string;
  onClose(): void;
  onResolved?(): void;
}) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const hasOzon = conflicts.some((c) => c.ozon !== undefined);
  const complete = conflicts.every((c) => choices[c.field]);
  const resolve = useAction(async () => {
    await call('sync:resolve', { id: entryId, choices });
    void message.success(t('conflict.resolved'));
    onResolved?.();
    onClose();
  });

  const cell = (c: FieldConflict, choice: Choice, value: unknown) => (
    <Radio
      checked={choices[c.field] === choice}
      onChange={() => setChoices((s) => ({ ...s, [c.field]: choice }))}
      data-testid={`conflict-choice-${c.field}-${choice}`}
    >
      <Typography.Text strong={choices[c.field] === choice}>{showValue(t, value)}</Typography.Text>
    </Radio>
  );

  return (
    <Modal
      open
      width={880}
      title={label ? t('conflict.titleFor', { label }) : t('conflict.title')}
      onCancel={onClose}
      onOk={() => void resolve.run()}
      okText={t('conflict.apply')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !complete, loading: resolve.loading, ...({ 'data-testid': 'conflict-resolve' } as object) }}
      destroyOnHidden
    >
      <div data-testid="conflict-dialog" data-entry={entryId}>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('conflict.explain')} />
        <ErrorAlert error={resolve.error} />
        <Table<FieldConflict>
          rowKey="field"
          size="small"
          pagination={false}
          dataSource={conflicts}
          columns={[
            { key: 'field', title: t('conflict.field'), width: 150, render: (_, c) => <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>{fieldLabel(t, c.field)}</Typography.Text> },
            { key: 'base', title: t('conflict.was'), render: (_, c) => <Typography.Text type="secondary">{showValue(t, c.base)}</Typography.Text> },
            { key: 'yours', title: t('conflict.yours'), render: (_, c) => cell(c, 'yours', c.yours) },
            { key: 'theirs', title: t('conflict.theirs'), render: (_, c) => cell(c, 'theirs', c.theirs) },
            ...(hasOzon
              ? [{ key: 'ozon', title: t('conflict.ozon'), render: (_: unknown, c: FieldConflict) => (c.ozon !== undefined ? cell(c, 'ozon', c.ozon) : '—') }]
              : []),
          ]}
        />
        {!complete ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('conflict.chooseAll')}
          </Typography.Paragraph>
        ) : null}
      </div>
    </Modal>
  );
}
