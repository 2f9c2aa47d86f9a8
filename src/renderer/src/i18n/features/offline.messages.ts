import { feature } from './index';

/** Issue 4, offline start: the banner of a session not yet confirmed by the server, and the note on server-only pages. */
const en = {
  offline: {
    bannerTitle: 'Working offline',
    bannerText:
      'The workspace server can’t be reached. You are signed in as {{name}} and can keep working with the data saved on this computer. Changes are kept here and sent when the connection returns (waiting: {{count}}).',
    serverOnly: 'Security settings, sessions, staff and linking stores need a connection to the server. They will be available again when the connection returns.',
    retry: 'Reconnect now',
    stillOffline: 'The server still can’t be reached. Sellerdesk keeps trying in the background.',
    backOnline: 'Connected again. Your changes are being sent.',
  },
};

export default feature({
  en,
  ru: {
    offline: {
      bannerTitle: 'Работа без сети',
      bannerText:
        'Сервер рабочего пространства недоступен. Вы вошли как {{name}} и можете продолжать работу с данными, сохранёнными на этом компьютере. Изменения хранятся здесь и будут отправлены, когда связь восстановится (ожидают: {{count}}).',
      serverOnly: 'Настройки безопасности, сеансы, сотрудники и подключение магазинов требуют связи с сервером. Они снова станут доступны, когда связь восстановится.',
      retry: 'Подключиться сейчас',
      stillOffline: 'Сервер по-прежнему недоступен. Sellerdesk продолжает попытки в фоне.',
      backOnline: 'Связь восстановлена. Ваши изменения отправляются.',
    },
  },
  zhCN: {
    offline: {
      bannerTitle: '离线工作中',
      bannerText: '无法连接到工作区服务器。您已以 {{name}} 的身份登录，可以继续使用本机保存的数据工作。更改会保存在本机，连接恢复后自动发送（等待中：{{count}}）。',
      serverOnly: '安全设置、会话、员工管理和绑定店铺需要连接服务器。连接恢复后即可再次使用。',
      retry: '立即重新连接',
      stillOffline: '仍然无法连接服务器。Sellerdesk 会在后台继续尝试。',
      backOnline: '已重新连接，正在发送您的更改。',
    },
  },
});
